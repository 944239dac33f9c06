# Small helpers so that each directory's CMakeLists.txt reads as a list of what it builds.
#
#   cartd_library(NAME name SRCS ... [DEPS ...] [PUBLIC_DEPS ...])
#       a static library cartd_<name> with alias cartd::<name>; includes are rooted at src/.
#   cartd_test(NAME name SRCS ... [DEPS ...] [LABELS ...] [TIMEOUT seconds])
#       a GoogleTest executable registered with ctest (one ctest entry per test case).

function(cartd_library)
  cmake_parse_arguments(ARG "" "NAME" "SRCS;DEPS;PUBLIC_DEPS" ${ARGN})
  add_library(cartd_${ARG_NAME} STATIC ${ARG_SRCS})
  add_library(cartd::${ARG_NAME} ALIAS cartd_${ARG_NAME})
  target_include_directories(cartd_${ARG_NAME} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>)
  target_link_libraries(cartd_${ARG_NAME} PUBLIC ${ARG_PUBLIC_DEPS} PRIVATE cartd_compile_options ${ARG_DEPS})
endfunction()

function(cartd_test)
  cmake_parse_arguments(ARG "" "NAME;TIMEOUT" "SRCS;DEPS;LABELS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_executable(${ARG_NAME} ${ARG_SRCS})
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/include
                                                 ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE cartd_compile_options ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${ARG_NAME}
    DISCOVERY_TIMEOUT 60
    PROPERTIES LABELS "${ARG_LABELS}" TIMEOUT ${ARG_TIMEOUT}
    ENVIRONMENT "CARTD_SOURCE_DIR=${PROJECT_SOURCE_DIR};CARTD_BINARY_DIR=${PROJECT_BINARY_DIR}")
endfunction()

include(GoogleTest OPTIONAL)
