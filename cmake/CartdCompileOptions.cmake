# One INTERFACE target carries our language level, warnings and sanitizers. Every cartd target
# links it PRIVATE, so none of these flags leak to consumers of the installed SDK.
add_library(cartd_compile_options INTERFACE)
target_compile_features(cartd_compile_options INTERFACE cxx_std_20)
target_compile_options(cartd_compile_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-qual -Wundef -Wvla
  $<$<BOOL:${CARTD_WARNINGS_AS_ERRORS}>:-Werror>)
# Asio: no deprecated interfaces.
target_compile_definitions(cartd_compile_options INTERFACE
  BOOST_ASIO_NO_DEPRECATED)

if(CARTD_SANITIZE)
  list(JOIN CARTD_SANITIZE "," _cartd_sanitizers)
  target_compile_options(cartd_compile_options INTERFACE
    -fsanitize=${_cartd_sanitizers} -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_link_options(cartd_compile_options INTERFACE -fsanitize=${_cartd_sanitizers})
endif()
