#pragma once
// The box's console for `edgeboxd setup`: lines from standard input, read without blocking on
// the event loop, and the terminal's echo switched off at secret prompts (a password typed on
// a real keyboard must not appear). With piped answers (not a terminal) nothing is echoed
// anyway and echo control does nothing.
#include <functional>
#include <optional>
#include <string>

#include "edgetwin/linux/event_loop.hpp"

namespace edgetwin::linux_box {

class ConsoleInput {
 public:
  static constexpr std::size_t kLineBytesMax = 4096;  // a longer line is cut there
  using LineHandler = std::function<void(std::string line)>;
  using EofHandler = std::function<void()>;

  ConsoleInput(EventLoop& loop, LineHandler on_line, EofHandler on_eof);
  ~ConsoleInput();  // restores the terminal's echo
  ConsoleInput(const ConsoleInput&) = delete;
  ConsoleInput& operator=(const ConsoleInput&) = delete;

  void set_echo(bool on);

 private:
  void drain();
  EventLoop& loop_;
  LineHandler on_line_;
  EofHandler on_eof_;
  std::string pending_;
  bool terminal_ = false;
  bool watching_ = false;
};

}  // namespace edgetwin::linux_box
