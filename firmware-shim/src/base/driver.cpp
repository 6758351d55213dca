#include "edgetwin/firmware/base/driver.hpp"

#include <stdexcept>

namespace edgetwin::fw {

void Driver::step(Time now, std::optional<Datagram> datagram) {
  if (datagram) {
    agent_.on_datagram(datagram->from, datagram->channel, datagram->bytes);
    agent_.check_invariants();
  }
  for (int fired = 0; auto callback = timers_.pop_due(now); ++fired) {
    if (fired >= kTimersPerWakeMax) throw std::runtime_error("Driver: kTimersPerWakeMax");
    (*callback)();
    agent_.check_invariants();
  }
}

void Driver::run(Waiter& waiter) {
  for (;;) {
    auto datagram = waiter.wait(next_deadline());
    step(waiter.now(), std::move(datagram));
  }
}

}  // namespace edgetwin::fw
