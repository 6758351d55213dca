#include "edgetwin/sim/record/event_log.hpp"

#include <cmath>

namespace edgetwin::sim {

double round_time(double t) { return std::round(t * 1e6) / 1e6; }

void EventLog::write(double t, std::string_view kind, const nlohmann::ordered_json& who,
                     const nlohmann::ordered_json& fields) {
  nlohmann::ordered_json line;
  line["t"] = round_time(t);
  for (const auto& [k, v] : who.items()) line[k] = v;
  line["kind"] = kind;
  for (const auto& [k, v] : fields.items()) line[k] = v;
  if (out_) *out_ << line.dump() << '\n';
  events_.push_back({round_time(t), std::string(kind), std::move(line)});
  if (observer_) observer_(events_.back());
}

void EventLog::flush() {
  if (out_) out_->flush();
}

}  // namespace edgetwin::sim
