# Project-wide warning set; BACKTRIAGE_WERROR (on in ./dev and CI) makes them errors.
# Not -Wnull-dereference: GCC 12 at -O3 reports false positives inside libstdc++ streambuf.
function(backtriage_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Wcast-qual)
  if(BACKTRIAGE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
