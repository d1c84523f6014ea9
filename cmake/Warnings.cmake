# Project-wide warning set; BACKTRIAGE_WERROR (on in ./dev and CI) makes them errors.
function(backtriage_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion
    -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual -Wnull-dereference
    -Wdouble-promotion -Wformat=2 -Wimplicit-fallthrough -Wcast-qual)
  if(BACKTRIAGE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
