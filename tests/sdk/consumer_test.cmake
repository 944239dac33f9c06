# Run by ctest (sdk_consumer_test) with -P. Installs the SDK component of the cartd build tree
# into a scratch prefix, then configures and builds tests/sdk/consumer and examples/ against that
# prefix only, and runs the consumer.
#
# Inputs: CARTD_BUILD_DIR, CARTD_SOURCE_DIR, WORK_DIR (wiped first), CXX_COMPILER.
cmake_minimum_required(VERSION 3.25)

foreach(input CARTD_BUILD_DIR CARTD_SOURCE_DIR WORK_DIR CXX_COMPILER)
  if(NOT DEFINED ${input})
    message(FATAL_ERROR "${input} is not set")
  endif()
endforeach()

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT status EQUAL 0)
    string(REPLACE ";" " " command "${ARGN}")
    message(FATAL_ERROR "failed (${status}): ${command}\n${out}\n${err}")
  endif()
  set(run_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

run(${CMAKE_COMMAND} --install ${CARTD_BUILD_DIR} --prefix ${prefix} --component partnercenter)
foreach(installed include/partnercenter/partner_service.h include/partnercenter/models.h
                  include/partnercenter/json.h include/partnercenter/result.h
                  include/partnercenter/stand_in.h)
  if(NOT EXISTS ${prefix}/${installed})
    message(FATAL_ERROR "not installed: ${installed}")
  endif()
endforeach()
file(GLOB_RECURSE package_configs ${prefix}/*/partnercenterConfig.cmake)
if(NOT package_configs)
  message(FATAL_ERROR "no partnercenterConfig.cmake under ${prefix}")
endif()
# Nothing but the SDK: no server binary, no private headers.
file(GLOB_RECURSE strays ${prefix}/bin/* ${prefix}/include/wire/* ${prefix}/include/http/*)
if(strays)
  message(FATAL_ERROR "the SDK component installed more than the SDK: ${strays}")
endif()

# The package is found through the scratch prefix; with the package registry off, nothing can
# point find_package at the build tree instead.
set(configure_args
  -DCMAKE_PREFIX_PATH=${prefix}
  -DCMAKE_CXX_COMPILER=${CXX_COMPILER}
  -DCMAKE_BUILD_TYPE=Debug
  -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF)

run(${CMAKE_COMMAND} -S ${CARTD_SOURCE_DIR}/tests/sdk/consumer -B ${WORK_DIR}/consumer
    ${configure_args})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/consumer)
run(${WORK_DIR}/consumer/consumer)
message(STATUS "consumer: ${run_output}")
if(NOT run_output MATCHES "^partnercenter 0\\.1\\.0, correlation id [0-9a-f-]+\n\\{\"lineItems\":\\[\\{\"id\":0,\"catalogItemId\":\"DG7GMGF0DWTL:0001:DG7GMGF0DSJB\",\"quantity\":2,")
  message(FATAL_ERROR "unexpected consumer output:\n${run_output}")
endif()

run(${CMAKE_COMMAND} -S ${CARTD_SOURCE_DIR}/examples -B ${WORK_DIR}/examples ${configure_args})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/examples)
if(NOT EXISTS ${WORK_DIR}/examples/update_cart)
  message(FATAL_ERROR "examples/update_cart was not built")
endif()
