# Configures and builds the firmware folder as its own project; fails if it needs anything
# the firmware may not use (the project does not even look for SimGrid, Qt or Boost).
file(REMOVE_RECURSE ${BINARY})
execute_process(
  COMMAND ${CMAKE_COMMAND} -S ${SOURCE} -B ${BINARY} -G ${GENERATOR}
          -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
  RESULT_VARIABLE configured)
if(NOT configured EQUAL 0)
  message(FATAL_ERROR "the firmware does not configure on its own")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY} -j2 RESULT_VARIABLE built)
if(NOT built EQUAL 0)
  message(FATAL_ERROR "the firmware does not build on its own")
endif()
file(READ ${BINARY}/CMakeCache.txt cache)
if(cache MATCHES "(SIMGRID|SimGrid|Qt6|Boost)[A-Za-z_]*_(DIR|FOUND|LIBRARIES)")
  message(FATAL_ERROR "the firmware build looked up ${CMAKE_MATCH_0}")
endif()
