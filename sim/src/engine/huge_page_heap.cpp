#include "edgetwin/sim/engine/huge_page_heap.hpp"

#include <unistd.h>

#include <cstdlib>
#include <string>

namespace edgetwin::sim {

namespace {

constexpr const char* kTunable = "glibc.malloc.hugetlb";

}  // namespace

void ensure_huge_page_heap(char** argv) {
  if (const char* off = std::getenv("EDGETWIN_HUGE_PAGES");
      off != nullptr && std::string(off) == "0")
    return;
  const char* existing = std::getenv("GLIBC_TUNABLES");
  const std::string tunables = existing == nullptr ? "" : existing;
  // Whatever value is there is the user's choice (or this process's own, after the exec).
  if (tunables.find(kTunable) != std::string::npos) return;
  const std::string wanted =
      (tunables.empty() ? "" : tunables + ":") + std::string(kTunable) + "=1";
  if (::setenv("GLIBC_TUNABLES", wanted.c_str(), 1) != 0) return;
  ::execv("/proc/self/exe", argv);
  // Only on failure (no /proc, say): run on as started. The tunable stays set, so the exec is
  // not tried again by this process's children either, which only costs them the huge pages.
}

}  // namespace edgetwin::sim
