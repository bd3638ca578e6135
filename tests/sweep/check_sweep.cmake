# Run as `cmake -P` with SWEEP (seedkit-sweep), WORK (a scratch folder),
# optionally TRAIN (train_mlp) and PYTHON + CHECK_STATS (scipy's check).
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}")

# 1. Fixed data: replicate r prints loss = ((r * 37) % 11).(r % 10)25.
# (Scripts in files: a semicolon in a CMake argument would split it.)
file(WRITE "${WORK}/metric.sh" [=[
r=$SEEDKIT_REPLICATE
echo "seedkit-metric loss $(( (r * 37) % 11 )).$(( r % 10 ))25"
echo "vary=$SEEDKIT_VARY"
]=])
file(WRITE "${WORK}/fail2.sh" [=[
if [ "$SEEDKIT_REPLICATE" = 2 ]; then exit 3; fi
echo "seedkit-metric x $SEEDKIT_REPLICATE.5"
]=])
set(metric_cmd sh "${WORK}/metric.sh")
execute_process(COMMAND "${SWEEP}" --replicates 7 --jobs 2 --out "${WORK}/fixed" -- ${metric_cmd}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "7 of 7 replicates succeeded" OR NOT out MATCHES "\nloss +7 ")
  message(FATAL_ERROR "seedkit-sweep on fixed data (rc ${rc}):\n${out}\n${err}")
endif()
file(READ "${WORK}/fixed/replicate-3.log" log3)
if(NOT log3 MATCHES "vary=all")
  message(FATAL_ERROR "replicate 3 did not get SEEDKIT_VARY=all:\n${log3}")
endif()
if(PYTHON)
  execute_process(COMMAND "${PYTHON}" "${CHECK_STATS}" "${WORK}/fixed/sweep.json"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "seedkit-sweep's statistics disagree with scipy:\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
endif()
# The bootstrap interval is drawn from a seedkit stream: a second sweep
# writes the same metrics, bit for bit.
execute_process(COMMAND "${SWEEP}" --replicates 7 --out "${WORK}/again" -- ${metric_cmd}
                RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
file(READ "${WORK}/fixed/sweep.json" first)
file(READ "${WORK}/again/sweep.json" second)
string(JSON m1 GET "${first}" metrics)
string(JSON m2 GET "${second}" metrics)
if(NOT rc EQUAL 0 OR NOT m1 STREQUAL m2)
  message(FATAL_ERROR "two sweeps of the same data gave other statistics:\n${m1}\n${m2}")
endif()

# 2. A failing replicate is reported with its status; the others are summarized.
execute_process(COMMAND "${SWEEP}" --replicates 4 --vary data/shuffle --out "${WORK}/fail" --
                        sh "${WORK}/fail2.sh"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT out MATCHES "3 of 4 replicates succeeded" OR
   NOT err MATCHES "replicate 2 failed \\(exit status 3\\)" OR NOT out MATCHES "\nx +3 ")
  message(FATAL_ERROR "seedkit-sweep with a failing replicate (rc ${rc}):\n${out}\n${err}")
endif()
# --fail-fast stops at the first failure.
execute_process(COMMAND "${SWEEP}" --replicates 50 --fail-fast --out "${WORK}/fast" -- sh -c "exit 1"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT out MATCHES "0 of 50 replicates succeeded" OR EXISTS "${WORK}/fast/replicate-1.log")
  message(FATAL_ERROR "seedkit-sweep --fail-fast (rc ${rc}):\n${out}\n${err}")
endif()
# A malformed metric line fails that replicate, naming the line.
execute_process(COMMAND "${SWEEP}" --replicates 2 --out "${WORK}/malformed" -- sh -c "echo seedkit-metric loss abc"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "malformed metric line")
  message(FATAL_ERROR "seedkit-sweep with a malformed metric (rc ${rc}):\n${out}\n${err}")
endif()

# A metric missing from a replicate that succeeded is named, with it.
file(WRITE "${WORK}/gap.sh" [=[
if [ "$SEEDKIT_REPLICATE" != 1 ]; then echo "seedkit-metric x $SEEDKIT_REPLICATE.5"; fi
]=])
execute_process(COMMAND "${SWEEP}" --replicates 3 --out "${WORK}/gap" -- sh "${WORK}/gap.sh"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT err MATCHES "the metric \"x\" is missing from replicate\\(s\\) 1,")
  message(FATAL_ERROR "seedkit-sweep with a missing metric (rc ${rc}):\n${out}\n${err}")
endif()

# Interrupted (SIGINT): nothing more starts, the finished replicates are
# reported; --resume runs only the rest, so each replicate runs once.
file(WRITE "${WORK}/slow.sh" [=[
echo "$SEEDKIT_REPLICATE" >> "$1/ran.txt"
sleep 1
echo "seedkit-metric x $SEEDKIT_REPLICATE.25"
]=])
file(WRITE "${WORK}/interrupt.sh" [=[
"$1" --replicates 6 --out "$2/slow" -- sh "$2/slow.sh" "$2" > "$2/interrupt.out" 2>&1 &
pid=$!
sleep 2.5
kill -INT $pid
wait $pid
echo "rc=$?"
]=])
execute_process(COMMAND sh "${WORK}/interrupt.sh" "${SWEEP}" "${WORK}" OUTPUT_VARIABLE out)
file(READ "${WORK}/slow/sweep.json" report)
string(JSON interrupted GET "${report}" interrupted)
if(NOT out MATCHES "rc=130" OR NOT interrupted STREQUAL "ON")
  message(FATAL_ERROR "an interrupted sweep should exit 130 and say so in sweep.json:\n${out}\n${report}")
endif()
execute_process(COMMAND "${SWEEP}" --replicates 6 --resume --out "${WORK}/slow" -- sh "${WORK}/slow.sh" "${WORK}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
file(STRINGS "${WORK}/ran.txt" ran)
list(SORT ran)
if(NOT rc EQUAL 0 OR NOT out MATCHES "6 of 6 replicates succeeded" OR NOT ran STREQUAL "0;1;2;3;4;5")
  message(FATAL_ERROR "--resume should run each remaining replicate once (rc ${rc}, ran ${ran}):\n${out}\n${err}")
endif()
execute_process(COMMAND "${SWEEP}" --replicates 6 --resume --out "${WORK}/slow" -- sh "${WORK}/other.sh"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "another command")
  message(FATAL_ERROR "--resume of another command should be refused (rc ${rc}):\n${err}")
endif()

# 3. Bad flags: exit 2 with a message naming what is accepted.
foreach(bad IN ITEMS "--replicates;1;--;true" "--replicates;x;--;true" "--replicates;3"
                     "--replicates;3;--compare;--;true" "--replicates;3;--vary-each;all;--;true"
                     "--replicates;3;--vary-each;a,,b;--;true"
                     "--replicates;3;--vary;model//init;--;true" "--replicates;3;--seed;-1;--;true"
                     "--replicates;3;--jobs;0;--;true" "--bogus")
  execute_process(COMMAND "${SWEEP}" ${bad} RESULT_VARIABLE rc OUTPUT_QUIET ERROR_VARIABLE err)
  if(NOT rc EQUAL 2 OR NOT err MATCHES "usage: seedkit-sweep")
    message(FATAL_ERROR "seedkit-sweep ${bad} should be refused with usage (rc ${rc}):\n${err}")
  endif()
endforeach()

# 4. A real sweep: train_mlp's validation loss over 3 replicates, init only
# varying; the manifests record the replicate.
if(TRAIN)
  execute_process(COMMAND "${SWEEP}" --replicates 3 --seed 12321 --vary model/init
                          --out "${WORK}/train" -- "${TRAIN}" --epochs 1 --manifest "{manifest}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "\nval_loss +3 ")
    message(FATAL_ERROR "seedkit-sweep of train_mlp (rc ${rc}):\n${out}\n${err}")
  endif()
  file(READ "${WORK}/train/replicate-2.json" m2)
  string(JSON index GET "${m2}" replicate index)
  string(JSON vary GET "${m2}" replicate vary 0)
  if(NOT index EQUAL 2 OR NOT vary STREQUAL "model/init")
    message(FATAL_ERROR "replicate 2's manifest does not record its replicate:\n${m2}")
  endif()
  message(STATUS "${out}")
  # A subtree the program never derives varies nothing: reported as a likely typo.
  execute_process(COMMAND "${SWEEP}" --replicates 2 --seed 12321 --vary model/inti
                          --out "${WORK}/typo" -- "${TRAIN}" --epochs 1 --manifest "{manifest}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 1 OR NOT err MATCHES "\"model/inti\" matches no stream")
    message(FATAL_ERROR "seedkit-sweep --vary model/inti (rc ${rc}):\n${out}\n${err}")
  endif()

  # 5. Variance by source and a paired comparison (2 vs 1 epochs).
  execute_process(COMMAND "${SWEEP}" --replicates 4 --jobs 2 --seed 12321
                          --vary-each model/init,dropout --out "${WORK}/each" --
                          "${TRAIN}" --epochs 1 --manifest "{manifest}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "standard deviation by source" OR
     NOT out MATCHES "val_loss +model/init [0-9.e-]+  dropout [0-9.e-]+  all \\(total\\) ")
    message(FATAL_ERROR "seedkit-sweep --vary-each (rc ${rc}):\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
  execute_process(COMMAND "${SWEEP}" --replicates 4 --jobs 2 --seed 12321 --compare
                          --out "${WORK}/compare" --
                          "${TRAIN}" --epochs 1 --manifest "{manifest}" --
                          "${TRAIN}" --epochs 2 --manifest "{manifest}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "paired difference B - A" OR NOT out MATCHES "\nval_loss +4 ")
    message(FATAL_ERROR "seedkit-sweep --compare (rc ${rc}):\n${out}\n${err}")
  endif()
  message(STATUS "${out}")
  if(PYTHON)
    foreach(report IN ITEMS each compare)
      execute_process(COMMAND "${PYTHON}" "${CHECK_STATS}" "${WORK}/${report}/sweep.json"
                      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
      if(NOT rc EQUAL 0)
        message(FATAL_ERROR "seedkit-sweep's ${report} statistics disagree with scipy:\n${out}\n${err}")
      endif()
      message(STATUS "${out}")
    endforeach()
  endif()
  if(PLOT_PYTHON)
    foreach(report IN ITEMS each compare)
      execute_process(COMMAND "${PLOT_PYTHON}" "${PLOT}" "${WORK}/${report}/sweep.json"
                              "${WORK}/${report}.svg"
                      RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
      file(READ "${WORK}/${report}.svg" svg LIMIT 4000)
      if(NOT rc EQUAL 0 OR NOT svg MATCHES "<svg")
        message(FATAL_ERROR "seedkit-sweep-plot of ${report} (rc ${rc}):\n${out}\n${err}")
      endif()
    endforeach()
  endif()
endif()

# The picture's bad inputs: exit 2 with a message, no file left behind.
if(PLOT_PYTHON)
  file(WRITE "${WORK}/not-a-report.json" "{\"format\": \"other\"}")
  foreach(bad IN ITEMS "${WORK}/missing.json;${WORK}/bad1.svg" "${WORK}/not-a-report.json;${WORK}/bad2.svg"
                       "${WORK}/fixed/sweep.json;${WORK}/bad3.txt" "${WORK}/fixed/sweep.json;${WORK}/bad4.svg;nosuch")
    execute_process(COMMAND "${PLOT_PYTHON}" "${PLOT}" ${bad} RESULT_VARIABLE rc ERROR_VARIABLE err)
    list(GET bad 1 target)
    if(NOT rc EQUAL 2 OR NOT err MATCHES "seedkit-sweep-plot: " OR EXISTS "${target}")
      message(FATAL_ERROR "seedkit-sweep-plot ${bad} should fail cleanly (rc ${rc}):\n${err}")
    endif()
  endforeach()
endif()
