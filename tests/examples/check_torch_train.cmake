# Run as `cmake -P` with TRAIN (torch_train) and WORK (a scratch directory).
# Each scenario runs the real libtorch demo.
include("${CMAKE_CURRENT_LIST_DIR}/demo_runner.cmake")

# run(<name> args...): runs the demo; stores stdout in out_<name>, the
# final-loss line (value, bits, parameter digest) in loss_<name> and the
# data/order digests in data_<name>/order_<name>.
function(run name)
  demo_run("${TRAIN}" "final loss: [^\n]+" ${name} --epochs 4 ${ARGN})
  string(REGEX MATCH "data digest: [0-9a-f]+" data "${out_${name}}")
  string(REGEX MATCH "order digest: [0-9a-f]+" order "${out_${name}}")
  set(data_${name} "${data}" PARENT_SCOPE)
  set(order_${name} "${order}" PARENT_SCOPE)
  set(out_${name} "${out_${name}}" PARENT_SCOPE)
  set(loss_${name} "${loss_${name}}" PARENT_SCOPE)
endfunction()

# Same seed: bitwise-identical loss and parameters; writing a checkpoint
# after epoch 2 changes nothing.
run(a --seed 12321 --threads 1 --checkpoint-at 2 --checkpoint "${WORK}/ck")
run(b --seed 12321 --threads 1)
expect_equal("${loss_a}" "${loss_b}" "two runs with the same seed differ")
if(NOT EXISTS "${WORK}/ck.pt" OR NOT EXISTS "${WORK}/ck.rng.json")
  message(FATAL_ERROR "--checkpoint-at 2 wrote no checkpoint")
endif()

# Resume at epoch 2 from the checkpoint: the uninterrupted run's bits.
run(resumed --seed 12321 --threads 1 --resume-from "${WORK}/ck")
if(NOT out_resumed MATCHES "resumed from [^\n]* at epoch 2")
  message(FATAL_ERROR "the resumed run did not start at epoch 2:\n${out_resumed}")
endif()
expect_equal("${loss_a}" "${loss_resumed}" "resuming from the epoch-2 checkpoint changed the result")

# Another seed: another loss.
run(other --seed 12322 --threads 1)
if("${loss_a}" STREQUAL "${loss_other}")
  message(FATAL_ERROR "seeds 12321 and 12322 gave the same loss: ${loss_a}")
endif()

# Resuming under another seed, or from a damaged RNG checkpoint, is refused.
execute_process(COMMAND "${TRAIN}" --epochs 4 --seed 12322 --resume-from "${WORK}/ck"
                RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
if(rc EQUAL 0 OR NOT err MATCHES "master seed 12321" OR NOT err MATCHES "nothing was restored")
  message(FATAL_ERROR "resuming under another seed should fail (rc ${rc}):\n${err}")
endif()
file(READ "${WORK}/ck.rng.json" text)
string(LENGTH "${text}" length)
math(EXPR half "${length} / 2")
string(SUBSTRING "${text}" 0 ${half} text)
file(COPY_FILE "${WORK}/ck.pt" "${WORK}/cut.pt")
file(WRITE "${WORK}/cut.rng.json" "${text}")
execute_process(COMMAND "${TRAIN}" --epochs 4 --seed 12321 --resume-from "${WORK}/cut"
                RESULT_VARIABLE rc ERROR_VARIABLE err OUTPUT_QUIET)
if(rc EQUAL 0 OR NOT err MATCHES "cut.rng.json" OR NOT err MATCHES "nothing was restored")
  message(FATAL_ERROR "resuming from a truncated RNG checkpoint should fail (rc ${rc}):\n${err}")
endif()

# Threads: seedkit guarantees the data and every epoch's order for any
# thread count. libtorch's kernels are libtorch's: reductions above its
# parallel grain size differ in the last bits with the thread count (see
# docs/torch.md); this demo's tensors stay below it. Reported, not required.
foreach(t 2 4)
  run(t${t} --seed 12321 --threads ${t})
  expect_equal("${data_a}" "${data_t${t}}" "${t} threads changed the generated data")
  expect_equal("${order_a}" "${order_t${t}}" "${t} threads changed the epoch orders")
  if("${loss_a}" STREQUAL "${loss_t${t}}")
    message(STATUS "observed: 1 and ${t} threads give identical loss bits")
  else()
    message(STATUS "observed: 1 and ${t} threads give different loss bits (libtorch kernels)")
  endif()
endforeach()
message(STATUS "all torch_train scenarios passed")
