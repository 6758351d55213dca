#include "edgetwin/testing/test_network.hpp"

#include <algorithm>

namespace edgetwin::testing {

TestPlatform& TestNetwork::add_node(const std::string& name, TestPlatform::AgentFactory factory) {
  auto [it, inserted] =
      nodes_.emplace(name, std::make_unique<TestPlatform>(*this, name, seed_, std::move(factory)));
  return *it->second;
}

void TestNetwork::set_link(const std::string& from, const std::string& to, LinkBehaviour b) {
  links_[{from, to}] = b;
}

void TestNetwork::partition(const std::string& a, const std::string& b) {
  cut_.insert({a, b});
  cut_.insert({b, a});
}

void TestNetwork::heal(const std::string& a, const std::string& b) {
  cut_.erase({a, b});
  cut_.erase({b, a});
}

const LinkBehaviour& TestNetwork::link(const std::string& from, const std::string& to) const {
  auto it = links_.find({from, to});
  return it == links_.end() ? default_link_ : it->second;
}

void TestNetwork::enqueue(fw::Time at, InFlight message) {
  in_flight_.emplace(DeliveryKey{at, next_seq_++}, std::move(message));
}

void TestNetwork::transmit(const std::string& from, const std::string& to, fw::Channel channel,
                           std::span<const std::byte> bytes, fw::Time at) {
  ++sent_;
  const LinkBehaviour& b = link(from, to);
  const bool filtered = drop_filter_ && drop_filter_(from, to, channel, bytes);
  if (filtered || cut_.contains({from, to}) || rng_.uniform01() < b.loss) {
    ++dropped_;
    return;
  }
  const int copies = rng_.uniform01() < b.duplicate ? 2 : 1;
  for (int i = 0; i < copies; ++i)
    enqueue(std::max(at, now_) + b.delay,
            {from, to, channel, fw::Bytes(bytes.begin(), bytes.end())});
}

void TestNetwork::inject(const std::string& from, const std::string& to, fw::Bytes bytes,
                         fw::Duration delay, fw::Channel channel) {
  enqueue(now_ + delay, {from, to, channel, std::move(bytes)});
}

// Dispatches the earliest delivery or timer due at or before `limit`; false when none is.
bool TestNetwork::dispatch_next(fw::Time limit) {
  std::optional<fw::Time> best;
  TestPlatform* best_node = nullptr;
  for (auto& [name, node] : nodes_) {
    auto d = node->next_deadline();
    if (d && (!best || *d < *best)) {
      best = d;
      best_node = node.get();
    }
  }
  const bool delivery_first =
      !in_flight_.empty() && (!best || in_flight_.begin()->first.first <= *best);
  if (delivery_first) best = in_flight_.begin()->first.first;
  if (!best || *best > limit) return false;
  now_ = *best;
  if (!delivery_first) {
    best_node->wake(now_, std::nullopt);
    return true;
  }
  auto message = std::move(in_flight_.begin()->second);
  in_flight_.erase(in_flight_.begin());
  auto it = nodes_.find(message.to);
  if (it == nodes_.end() || !it->second->powered()) {
    ++dropped_;  // nobody listening: a datagram is not queued for a dead box
    return true;
  }
  it->second->wake(now_, fw::Datagram{{message.from}, message.channel, std::move(message.bytes)});
  return true;
}

void TestNetwork::run_until(fw::Time t) {
  while (dispatch_next(t)) {
  }
  now_ = t;
}

}  // namespace edgetwin::testing
