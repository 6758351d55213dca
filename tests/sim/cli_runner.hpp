#pragma once
// Runs the `edgetwin` binary as a user's shell or CI job would, for the CLI tests.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace edgetwin::test {

namespace fs = std::filesystem;

struct Outcome {
  int status = -1;
  std::string out;  // stdout, and stderr unless the caller redirected it
};

// Runs the binary; stderr joins stdout unless the caller redirects it itself.
inline Outcome edgetwin(const std::string& args, bool merge_stderr = true) {
  const std::string cmd = std::string(EDGETWIN_BIN) + " " + args + (merge_stderr ? " 2>&1" : "");
  Outcome o;
  FILE* pipe = ::popen(cmd.c_str(), "r");
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), pipe)) o.out.append(buf.data(), n);
  const int raw = ::pclose(pipe);
  o.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return o;
}

inline std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh path in this test process's own scratch directory (each test runs in its own process).
inline fs::path scratch(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("edgetwin-cli-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir / name;
}

}  // namespace edgetwin::test
