#include "edgetwin/linux/json_event_sink.hpp"

#include <cerrno>
#include <cmath>
#include <system_error>

#include "edgetwin/linux/event_loop.hpp"

namespace edgetwin::linux_box {

JsonEventSink::JsonEventSink(const std::string& path, nlohmann::ordered_json stamp)
    : stamp_(std::move(stamp)) {
  if (path == "-") {
    out_ = stdout;
    return;
  }
  out_ = std::fopen(path.c_str(), "ae");
  if (!out_) throw std::system_error(errno, std::generic_category(), "events file " + path);
  owned_ = true;
}

JsonEventSink::~JsonEventSink() {
  if (owned_) std::fclose(out_);
}

void JsonEventSink::emit(std::string_view kind, nlohmann::ordered_json fields) {
  nlohmann::ordered_json line;
  line["t"] = std::round(monotonic_now().to_seconds() * 1e6) / 1e6;
  for (const auto& [k, v] : stamp_.items()) line[k] = v;
  line["kind"] = kind;
  for (const auto& [k, v] : fields.items()) line[k] = v;
  const std::string text = line.dump() + "\n";
  std::fwrite(text.data(), 1, text.size(), out_);
  std::fflush(out_);
}

}  // namespace edgetwin::linux_box
