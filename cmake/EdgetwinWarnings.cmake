# Warnings as an interface target: our own targets link it, third-party code does not.
if(NOT TARGET edgetwin_warnings)
  add_library(edgetwin_warnings INTERFACE)
  target_compile_options(edgetwin_warnings INTERFACE -Wall -Wextra -Werror)
endif()
