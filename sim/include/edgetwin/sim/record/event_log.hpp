#pragma once
// The run's event stream: one JSON object per line, simulated time first. Lines are written
// as events happen (the desktop app reads them live) and kept for the metrics.
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace edgetwin::sim {

struct LoggedEvent {
  double t = 0;
  std::string kind;
  nlohmann::ordered_json line;  // the whole event as written
};

class EventLog {
 public:
  explicit EventLog(std::ostream* out) : out_(out) {}

  // `who` holds the stamping fields ({"site","box"} of a box, {"by":"cloud"}, ...).
  void write(double t, std::string_view kind, const nlohmann::ordered_json& who,
             const nlohmann::ordered_json& fields);
  const std::vector<LoggedEvent>& events() const { return events_; }
  // Called with every event as it is written (the online invariant checks).
  void set_observer(std::function<void(const LoggedEvent&)> observer) { observer_ = std::move(observer); }
  void flush();

 private:
  std::ostream* out_;  // null: keep in memory only
  std::vector<LoggedEvent> events_;
  std::function<void(const LoggedEvent&)> observer_;
};

// Simulated time rounded to the microsecond, so that the text is short and stable.
double round_time(double t);

}  // namespace edgetwin::sim
