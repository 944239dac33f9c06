# One INTERFACE target carries our language level, warnings and sanitizers. Every cartd target
# links it PRIVATE, so none of these flags leak to consumers of the installed SDK.
add_library(cartd_compile_options INTERFACE)
target_compile_features(cartd_compile_options INTERFACE cxx_std_20)
target_compile_options(cartd_compile_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-qual -Wundef -Wvla
  $<$<BOOL:${CARTD_WARNINGS_AS_ERRORS}>:-Werror>)
# GCC 12 at -O2 reports -Wrestrict on plain std::string concatenation ("a" + std::to_string(n)),
# a known false positive of its inlined char_traits::copy (GCC bug 105329), which -Werror would turn
# into a failed Release build. Other compilers and versions keep the warning.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
   AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(cartd_compile_options INTERFACE -Wno-restrict)
endif()
# Asio: no deprecated interfaces.
target_compile_definitions(cartd_compile_options INTERFACE
  BOOST_ASIO_NO_DEPRECATED)

if(CARTD_SANITIZE)
  # GCC warns that ThreadSanitizer does not model std::atomic_thread_fence, which libstdc++'s
  # atomic<shared_ptr> and Asio use; the accesses they order are still seen, so this is noise
  # (and -Werror would stop the build).
  if("thread" IN_LIST CARTD_SANITIZE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(cartd_compile_options INTERFACE -Wno-tsan)
  endif()
  list(JOIN CARTD_SANITIZE "," _cartd_sanitizers)
  target_compile_options(cartd_compile_options INTERFACE
    -fsanitize=${_cartd_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(cartd_compile_options INTERFACE -fsanitize=${_cartd_sanitizers})
endif()
