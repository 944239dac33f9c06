# Small helpers so that each directory's CMakeLists.txt reads as a list of what it builds.
#
#   cartd_library(NAME name SRCS ... [DEPS ...] [PUBLIC_DEPS ...])
#       a static library cartd_<name> with alias cartd::<name>; includes are rooted at src/.
#   cartd_test(NAME name SRCS ... [DEPS ...] [LABELS ...] [TIMEOUT seconds])
#       a GoogleTest executable registered with ctest (one ctest entry per test case). Tests
#       labelled `concurrency` exercise concurrent code: the target `concurrency_tests` builds them
#       all, and the ThreadSanitizer preset (make tsan) runs them.

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
  if("concurrency" IN_LIST ARG_LABELS)
    if(NOT TARGET concurrency_tests)
      add_custom_target(concurrency_tests)
    endif()
    add_dependencies(concurrency_tests ${ARG_NAME})
  endif()
  target_include_directories(${ARG_NAME} PRIVATE ${PROJECT_SOURCE_DIR}/src ${PROJECT_SOURCE_DIR}/include
                                                 ${PROJECT_SOURCE_DIR})
  target_link_libraries(${ARG_NAME} PRIVATE cartd_compile_options ${ARG_DEPS} GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${ARG_NAME} DISCOVERY_TIMEOUT 60)
  # gtest_discover_tests (CMake 3.25) splits list-valued PROPERTIES into words, so labels and the
  # environment are set by a script ctest runs after the discovered tests exist.
  file(WRITE "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}_properties.cmake"
    "set_tests_properties(\${${ARG_NAME}_TESTS} PROPERTIES\n"
    "  LABELS [==[${ARG_LABELS}]==]\n"
    "  TIMEOUT ${ARG_TIMEOUT}\n"
    "  ENVIRONMENT [==[CARTD_SOURCE_DIR=${PROJECT_SOURCE_DIR};CARTD_BINARY_DIR=${PROJECT_BINARY_DIR}]==])\n")
  set_property(DIRECTORY APPEND PROPERTY TEST_INCLUDE_FILES
    "${CMAKE_CURRENT_BINARY_DIR}/${ARG_NAME}_properties.cmake")
endfunction()

include(GoogleTest OPTIONAL)

#   cartd_embed_migrations(BACKEND sqlite|postgres OUTPUT var)
#       compiles src/storage/<backend>/migrations/NNNN_name.sql into a generated .cc defining that
#       backend's EmbeddedMigrations(), so that a deployed cartd needs no source tree; sets `var`
#       to the generated file. Editing or adding a migration re-runs CMake.
function(cartd_embed_migrations)
  cmake_parse_arguments(ARG "" "BACKEND;OUTPUT" "" ${ARGN})
  set(_dir "${PROJECT_SOURCE_DIR}/src/storage/${ARG_BACKEND}/migrations")
  file(GLOB _files CONFIGURE_DEPENDS "${_dir}/*.sql")
  list(SORT _files)
  set(CARTD_MIGRATION_ENTRIES "")
  foreach(_file IN LISTS _files)
    get_filename_component(_name "${_file}" NAME_WE)
    if(NOT _name MATCHES "^([0-9]+)_[a-z0-9_]+$")
      message(FATAL_ERROR "migration ${_file}: name it NNNN_snake_case.sql")
    endif()
    math(EXPR _version "${CMAKE_MATCH_1}")
    file(READ "${_file}" _sql)
    if(_sql MATCHES "\\)cartd_sql\"")
      message(FATAL_ERROR "migration ${_file} contains the raw string delimiter )cartd_sql\"")
    endif()
    string(APPEND CARTD_MIGRATION_ENTRIES
      "    {${_version}, \"${_name}\", R\"cartd_sql(${_sql})cartd_sql\"},\n")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${_file}")
  endforeach()
  set(CARTD_MIGRATIONS_BACKEND "${ARG_BACKEND}")
  set(_out "${CMAKE_CURRENT_BINARY_DIR}/embedded_migrations.cc")
  configure_file("${PROJECT_SOURCE_DIR}/src/storage/common/embedded_migrations.cc.in" "${_out}" @ONLY)
  set(${ARG_OUTPUT} "${_out}" PARENT_SCOPE)
endfunction()
