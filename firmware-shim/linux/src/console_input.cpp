#include "edgetwin/linux/console_input.hpp"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <utility>

namespace edgetwin::linux_box {

ConsoleInput::ConsoleInput(EventLoop& loop, LineHandler on_line, EofHandler on_eof)
    : loop_(loop), on_line_(std::move(on_line)), on_eof_(std::move(on_eof)) {
  terminal_ = isatty(STDIN_FILENO) == 1;
  fcntl(STDIN_FILENO, F_SETFL, fcntl(STDIN_FILENO, F_GETFL) | O_NONBLOCK);
  loop_.watch(STDIN_FILENO, [this] { drain(); });
  watching_ = true;
}

ConsoleInput::~ConsoleInput() {
  set_echo(true);
  if (watching_) loop_.unwatch(STDIN_FILENO);
}

void ConsoleInput::set_echo(bool on) {
  if (!terminal_) return;
  termios t{};
  if (tcgetattr(STDIN_FILENO, &t) != 0) return;
  if (on)
    t.c_lflag |= ECHO;
  else
    t.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  tcsetattr(STDIN_FILENO, TCSANOW, &t);
}

void ConsoleInput::drain() {
  char buffer[512];
  for (;;) {
    const ssize_t n = read(STDIN_FILENO, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return;  // EAGAIN: the rest comes later
    if (n == 0) {
      loop_.unwatch(STDIN_FILENO);  // a closed pipe stays readable forever
      watching_ = false;
      if (!pending_.empty()) on_line_(std::exchange(pending_, {}));
      on_eof_();
      return;
    }
    for (ssize_t i = 0; i < n; ++i) {
      const char c = buffer[i];
      if (c == '\n') {
        on_line_(std::exchange(pending_, {}));
        continue;
      }
      if (c != '\r' && pending_.size() < kLineBytesMax) pending_ += c;
    }
  }
}

}  // namespace edgetwin::linux_box
