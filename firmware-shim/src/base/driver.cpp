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
  // Time first: what came due while the loop was held up (a stalled process, a slow fsync)
  // happens before the datagram is judged, so no state outlives its deadline.
  fire_due(now);
  agent_.on_datagram(from, channel, bytes);
  agent_.check_invariants();
  fire_due(now);
}

// The invariants are checked once every timer due at `now` has fired, not between them: after
// a hold-up several deadlines are past at once, and between the first and the last the state
// is legitimately behind the clock (a renewal fired, the expiry it raced not yet).
void Driver::fire_due(Time now) {
  int fired = 0;
  for (; auto callback = timers_.pop_due(now); ++fired) {
    if (fired >= kTimersPerWakeMax) throw std::runtime_error("Driver: kTimersPerWakeMax");
    (*callback)();
  }
  if (fired > 0) agent_.check_invariants();
}

void Driver::run(Waiter& waiter) {
  for (;;) {
    auto datagram = waiter.wait(next_deadline());
    step(waiter.now(), std::move(datagram));
  }
}

}  // namespace edgetwin::fw
