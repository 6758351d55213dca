# Debian ships simgrid.pc only (no CMake config): wrap pkg-config in a find module that
# provides the imported target SimGrid::SimGrid.
find_package(PkgConfig REQUIRED)
pkg_check_modules(PC_SIMGRID QUIET IMPORTED_TARGET simgrid>=${SimGrid_FIND_VERSION})
include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(SimGrid
  REQUIRED_VARS PC_SIMGRID_FOUND PC_SIMGRID_LIBRARIES
  VERSION_VAR PC_SIMGRID_VERSION)
if(SimGrid_FOUND AND NOT TARGET SimGrid::SimGrid)
  add_library(SimGrid::SimGrid INTERFACE IMPORTED)
  target_link_libraries(SimGrid::SimGrid INTERFACE PkgConfig::PC_SIMGRID)
endif()
