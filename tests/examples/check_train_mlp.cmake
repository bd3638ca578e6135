# Run as `cmake -P` with TRAIN (train_mlp), DIFF (seedkit-diff) and WORK (a
# scratch directory). Each scenario runs the real demo program.
include("${CMAKE_CURRENT_LIST_DIR}/demo_runner.cmake")

# run(<name> args...): runs the demo, stores its stdout in out_<name> and
# its validation-loss line in loss_<name>.
function(run name)
  demo_run("${TRAIN}" "validation loss: [^\n]+" ${name} --epochs 3 ${ARGN})
  set(out_${name} "${out_${name}}" PARENT_SCOPE)
  set(loss_${name} "${loss_${name}}" PARENT_SCOPE)
endfunction()

# Same seed: bitwise-identical loss, run to run and for 1, 2 and 4 threads.
run(a --seed 12321 --threads 1 --manifest "${WORK}/a.json" --trace "${WORK}/a.trace.json")
run(b --seed 12321 --threads 1 --manifest "${WORK}/b.json")
run(t2 --seed 12321 --threads 2)
run(t4 --seed 12321 --threads 4 --manifest "${WORK}/t4.json")
expect_equal("${loss_a}" "${loss_b}" "two runs with the same seed differ")
expect_equal("${loss_a}" "${loss_t2}" "2 threads changed the loss")
expect_equal("${loss_a}" "${loss_t4}" "4 threads changed the loss")

# Another seed: another loss.
run(other --seed 12322 --manifest "${WORK}/other.json" --trace "${WORK}/other.trace.json")
if("${loss_a}" STREQUAL "${loss_other}")
  message(FATAL_ERROR "seeds 12321 and 12322 gave the same loss: ${loss_a}")
endif()

# A new stream, derived first and used, leaves the others' values unchanged.
run(extra --seed 12321 --extra-stream)
if(NOT out_extra MATCHES "extra stream first value")
  message(FATAL_ERROR "--extra-stream did not use its stream")
endif()
expect_equal("${loss_a}" "${loss_extra}" "adding a stream shifted the others")

# Replay: the seed comes from the manifest; the run is reproduced.
set(ENV{SEEDKIT_REPLAY} "${WORK}/a.json")
run(replay)
unset(ENV{SEEDKIT_REPLAY})
expect_equal("${loss_a}" "${loss_replay}" "replaying the manifest did not reproduce the run")
if(NOT out_replay MATCHES "from replay" OR NOT out_replay MATCHES "replay: 0 differences")
  message(FATAL_ERROR "replay output unexpected:\n${out_replay}")
endif()

# The manifest was completed at the end, and the demo says where it wrote.
file(READ "${WORK}/a.json" a_json)
if(NOT a_json MATCHES "\"complete\": true" OR NOT out_a MATCHES "manifest: wrote [^\n]*a.json"
   OR NOT out_a MATCHES "trace: wrote [^\n]*a.trace.json")
  message(FATAL_ERROR "the manifest is not complete or the demo did not say where it wrote:\n${out_a}")
endif()

# A replay with other parameters reports them (it said "0 differences"), and
# --strict-replay refuses it; the recorded --epochs is taken when not given.
set(ENV{SEEDKIT_REPLAY} "${WORK}/a.json")
demo_run("${TRAIN}" "validation loss: [^\n]+" replay_other --epochs 2)
if(NOT out_replay_other MATCHES "replay: [0-9]+ differences?"
   OR NOT out_replay_other MATCHES "param epochs: 3 -> 2")
  message(FATAL_ERROR "a replay with other parameters did not report them:\n${out_replay_other}")
endif()
demo_run("${TRAIN}" "validation loss: [^\n]+" replay_recorded)
expect_equal("${loss_a}" "${loss_replay_recorded}" "a replay without --epochs did not run the recorded epochs")
execute_process(COMMAND "${TRAIN}" --epochs 2 --strict-replay
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "param epochs: recorded 3, now 2")
  message(FATAL_ERROR "--strict-replay accepted other parameters (rc ${rc}):\n${out}${err}")
endif()
# --seed with SEEDKIT_REPLAY: refused unless it is the recorded seed (it ran seed 8).
execute_process(COMMAND "${TRAIN}" --seed 8 RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "recorded with seed 12321")
  message(FATAL_ERROR "--seed 8 under SEEDKIT_REPLAY was not refused (rc ${rc}):\n${out}${err}")
endif()
unset(ENV{SEEDKIT_REPLAY})

# --help prints the usage and exits 0; an unknown flag prints it too, exit 2.
execute_process(COMMAND "${TRAIN}" --help RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "usage: train_mlp" OR NOT out MATCHES "--strict-replay")
  message(FATAL_ERROR "train_mlp --help (rc ${rc}):\n${out}")
endif()
execute_process(COMMAND "${TRAIN}" --bogus RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "usage: train_mlp")
  message(FATAL_ERROR "train_mlp --bogus (rc ${rc}):\n${err}")
endif()

# A deliberately changed step is located by the trace diff at that step.
run(perturbed --seed 12321 --perturb-step 37 --trace "${WORK}/perturbed.trace.json")
execute_process(COMMAND "${DIFF}" "${WORK}/a.trace.json" "${WORK}/perturbed.trace.json"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 1 OR NOT out MATCHES "checkpoint [0-9]+ \"step 37/weights\"")
  message(FATAL_ERROR "seedkit-diff did not locate step 37 (rc ${rc}):\n${out}${err}")
endif()
# ... and by the in-process check against SEEDKIT_TRACE_REFERENCE.
set(ENV{SEEDKIT_TRACE_REFERENCE} "${WORK}/a.trace.json")
run(checked --seed 12321 --perturb-step 37)
unset(ENV{SEEDKIT_TRACE_REFERENCE})
if(NOT out_checked MATCHES "trace: first divergence: checkpoint [0-9]+ \"step 37/weights\"")
  message(FATAL_ERROR "the in-run trace check did not report step 37:\n${out_checked}")
endif()

# seedkit-diff on files from real runs.
execute_process(COMMAND "${DIFF}" "${WORK}/a.json" "${WORK}/b.json" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "manifests of identical runs differ (rc ${rc}):\n${out}")
endif()
execute_process(COMMAND "${DIFF}" "${WORK}/a.json" "${WORK}/other.json" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 1 OR NOT out MATCHES "master_seed: \"12321\" -> \"12322\"  \\[can change: streams")
  message(FATAL_ERROR "seedkit-diff on different seeds (rc ${rc}):\n${out}")
endif()
execute_process(COMMAND "${DIFF}" "${WORK}/a.json" "${WORK}/t4.json" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 1 OR NOT out MATCHES "param threads: 1 -> 4  ")
  message(FATAL_ERROR "seedkit-diff on 1 vs 4 threads (rc ${rc}):\n${out}")
endif()
execute_process(COMMAND "${DIFF}" "${WORK}/a.trace.json" "${WORK}/other.trace.json" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 1 OR NOT out MATCHES "checkpoint 0 \"init/weights\"")
  message(FATAL_ERROR "traces of different seeds should part at init (rc ${rc}):\n${out}")
endif()
# One manifest: a summary (issue 19, item 7: there was no way to read one).
execute_process(COMMAND "${DIFF}" "${WORK}/a.json" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
if(NOT rc EQUAL 0 OR NOT out MATCHES "a completed run" OR NOT out MATCHES "master seed 12321 "
   OR NOT out MATCHES "\n  threads = 1\n" OR NOT out MATCHES "seedkit.stream_version = ")
  message(FATAL_ERROR "seedkit-diff's summary of one manifest (rc ${rc}):\n${out}")
endif()
execute_process(COMMAND "${DIFF}" "${WORK}/a.trace.json" RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "is a trace")
  message(FATAL_ERROR "seedkit-diff's summary of a trace should exit 2 (rc ${rc}):\n${err}")
endif()
file(WRITE "${WORK}/truncated.json" "{\"format\": \"seedkit-manif")
execute_process(COMMAND "${DIFF}" "${WORK}/a.json" "${WORK}/truncated.json"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "truncated.json")
  message(FATAL_ERROR "seedkit-diff on a truncated file should exit 2 naming it (rc ${rc}):\n${err}")
endif()
execute_process(COMMAND "${DIFF}" "${WORK}/a.json" "${WORK}/missing.json"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2 OR NOT err MATCHES "missing.json")
  message(FATAL_ERROR "seedkit-diff on a missing file should exit 2 (rc ${rc}):\n${err}")
endif()
execute_process(COMMAND "${DIFF}" "${WORK}/a.json" "${WORK}/a.trace.json"
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 2)
  message(FATAL_ERROR "seedkit-diff on a manifest and a trace should exit 2 (rc ${rc})")
endif()
# Hostile flags: each refused with exit 2 (the demo's error status) and a message naming the flag and
# the accepted range (they aborted in std::stoul, or ran with a silently
# different value: "1e2" epochs ran 1, "2x" threads ran 2, "-1" threads
# recorded 4294967295, "-3" epochs ran 0 and exited 0).
foreach(bad IN ITEMS "--threads;abc" "--threads;2x" "--threads;-1" "--threads;0"
                     "--epochs;99999999999" "--epochs;1e2" "--epochs;-3"
                     "--perturb-step;x" "--threads")
  execute_process(COMMAND "${TRAIN}" --seed 1 ${bad}
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  list(GET bad 0 flag)
  if(NOT rc EQUAL 2 OR NOT err MATCHES "${flag}")
    message(FATAL_ERROR "train_mlp ${bad}: expected exit 2 naming ${flag}, got ${rc}:\n${err}")
  endif()
endforeach()

# Hostile JSON for seedkit-diff: a number beyond the double range, an array
# nested 100000 deep, a duplicate key. Each is exit 2 with a message, never
# std::terminate or a stack overflow.
file(READ "${WORK}/a.json" good)
string(REPLACE "\"params\": {" "\"params\": {\"huge\": 1e400, " huge "${good}")
file(WRITE "${WORK}/huge.json" "${huge}")
string(REPEAT "[" 100000 open)
string(REPLACE "\"format_version\": 1" "\"format_version\": ${open}" deep "${good}")
file(WRITE "${WORK}/deep.json" "${deep}")
string(REPLACE "\"master_seed\": 12321" "\"master_seed\": 12321, \"master_seed\": 7" dup "${good}")
file(WRITE "${WORK}/dup.json" "${dup}")
foreach(case huge deep dup)
  execute_process(COMMAND "${DIFF}" "${WORK}/a.json" "${WORK}/${case}.json"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 2 OR NOT err MATCHES "${case}.json")
    message(FATAL_ERROR "seedkit-diff on ${case}.json should exit 2 naming it (rc ${rc}):\n${err}")
  endif()
endforeach()
message(STATUS "all train_mlp scenarios passed")
