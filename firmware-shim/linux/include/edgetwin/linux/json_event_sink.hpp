#pragma once
// Events of a real box as JSON lines, with the twin's schema (FORMATS.md, "Event stream"):
// {"t": seconds, "site": ..., "box": ..., "kind": ..., fields...}. On a box `t` is the
// monotonic clock in seconds (microsecond resolution), the clock the firmware runs on, so
// that durations between events are exact; every line is flushed as it is written so that a
// tail (or journald reading stdout) sees it at once.
#include <cstdio>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::linux_box {

class JsonEventSink final : public fw::EventSink {
 public:
  // `path` "-" writes to stdout; otherwise the file is appended to. Throws std::system_error
  // when it cannot be opened.
  JsonEventSink(const std::string& path, nlohmann::ordered_json stamp);
  ~JsonEventSink() override;
  JsonEventSink(const JsonEventSink&) = delete;
  JsonEventSink& operator=(const JsonEventSink&) = delete;

  void emit(std::string_view kind, nlohmann::ordered_json fields) override;

 private:
  std::FILE* out_ = nullptr;
  bool owned_ = false;
  nlohmann::ordered_json stamp_;
};

}  // namespace edgetwin::linux_box
