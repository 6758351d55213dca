#include "edgetwin/firmware/base/driver.hpp"

#include <stdexcept>

namespace edgetwin::fw {

void Driver::step(Time now, std::optional<Datagram> datagram) {
  if (datagram)
    deliver(now, datagram->from, datagram->channel, datagram->bytes);
  else
    fire_due(now);
}

void Driver::deliver(Time now, const Address& from, Channel channel,
                     std::span<const std::byte> bytes) {
  agent_.on_datagram(from, channel, bytes);
  agent_.check_invariants();
  fire_due(now);
}

void Driver::fire_due(Time now) {
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
