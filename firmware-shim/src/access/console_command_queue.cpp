#include "edgetwin/firmware/access/console_command_queue.hpp"

#include <algorithm>
#include <vector>

#include "edgetwin/firmware/wire/byte_codec.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {
namespace {

constexpr std::string_view kQueueKey = "cloud/console_commands";

nlohmann::ordered_json describe(const ConsoleCommand& c) {
  return {{"id", c.id},         {"command", to_string(c.kind)}, {"node", c.node},
          {"cluster", c.cluster}, {"actor", c.actor}};
}

}  // namespace

void ConsoleCommandQueue::start(std::uint32_t epoch) {
  epoch_ = epoch;
  next_ = 0;
  load();
  for (auto& [id, p] : pending_) send(p);
}

std::optional<std::uint64_t> ConsoleCommandQueue::submit(ConsoleCommandKind kind,
                                                         const std::string& node,
                                                         const std::string& cluster,
                                                         const std::string& actor) {
  if (pending_.size() >= kPendingMax) return std::nullopt;
  const std::uint64_t id = (static_cast<std::uint64_t>(epoch_) << 32) | ++next_;
  Pending& p = pending_[id];
  p.command = {id, kind, node, cluster, actor};
  p.submitted = platform_.now();
  ++stats_.submitted;
  persist();  // before it goes out: a crash now must not lose a command the console accepted
  auto fields = describe(p.command);
  fields["phase"] = "sent";
  platform_.events().emit("console.command", std::move(fields));
  send(p);
  return id;
}

Duration ConsoleCommandQueue::retry_after(std::uint32_t attempts) const {
  Duration d = kRetryFirst;
  for (std::uint32_t i = 1; i < attempts && d < kRetryMax; ++i) d = d * 2;
  return std::min(d, kRetryMax);
}

void ConsoleCommandQueue::send(Pending& p) {
  platform_.cancel(p.timer);
  ++p.attempts;
  ++stats_.sends;
  p.last_sent = platform_.now();
  platform_.send({p.command.node}, Channel::firmware,
                 encode_envelope(MessageType::console_command, epoch_, p.command.encode()));
  const std::uint64_t id = p.command.id;
  p.timer = platform_.after(retry_after(p.attempts), [this, id] {
    auto it = pending_.find(id);
    if (it != pending_.end()) send(it->second);
  });
}

bool ConsoleCommandQueue::on_answer(const Address& from, std::span<const std::byte> payload) {
  const auto answer = ConsoleCommandResult::decode(payload);
  if (!answer) return false;
  auto it = pending_.find(answer->id);
  // A box answers for its own commands only; a second answer to one already done is a repeat.
  if (it == pending_.end() || it->second.command.node != from.node) {
    ++stats_.unmatched_answers;
    return true;
  }
  const bool applied = answer->outcome == ConsoleOutcome::applied;
  ++(applied ? stats_.applied : stats_.refused);
  nlohmann::ordered_json extra{{"outcome", to_string(answer->outcome)}};
  if (!applied) extra["why"] = answer->why;
  extra["attempts"] = it->second.attempts;
  extra["elapsed_s"] = std::max(0.0, (platform_.now() - it->second.submitted).to_seconds());
  finish(answer->id, "done", std::move(extra));
  return true;
}

void ConsoleCommandQueue::finish(std::uint64_t id, const std::string& phase,
                                 nlohmann::ordered_json extra) {
  auto it = pending_.find(id);
  auto fields = describe(it->second.command);
  fields["phase"] = phase;
  for (const auto& item : extra.items()) fields[item.key()] = item.value();
  platform_.cancel(it->second.timer);
  pending_.erase(it);
  persist();
  platform_.events().emit("console.command", std::move(fields));
}

void ConsoleCommandQueue::on_heard(const std::string& node) {
  const Time now = platform_.now();
  for (auto& [id, p] : pending_)
    if (p.command.node == node && now - p.last_sent >= kResendGapMin) send(p);
}

void ConsoleCommandQueue::forget(const std::string& node) {
  std::vector<std::uint64_t> ids;
  for (const auto& [id, p] : pending_)
    if (p.command.node == node) ids.push_back(id);
  for (const std::uint64_t id : ids) finish(id, "dropped", {{"why", "the node was deleted"}});
}

// Layout: count u16 | (submitted_ns u64 | attempts u32 | length u16 | ConsoleCommand)*.
void ConsoleCommandQueue::persist() {
  ByteWriter w;
  w.u16(static_cast<std::uint16_t>(pending_.size()));
  for (const auto& [id, p] : pending_) {
    const Bytes body = p.command.encode();
    w.u64(static_cast<std::uint64_t>(p.submitted.count_ns()));
    w.u32(p.attempts);
    w.u16(static_cast<std::uint16_t>(body.size()));
    w.raw(body);
  }
  platform_.disk().write(kQueueKey, w.bytes(), Durability::synced);
}

// A record that does not read whole is dropped, and said: the console's user sees the
// commands as never answered and can give them again.
void ConsoleCommandQueue::load() {
  pending_.clear();
  const auto stored = platform_.disk().read(kQueueKey);
  if (!stored) return;
  ByteReader r(*stored);
  const std::uint16_t count = r.u16();
  std::map<std::uint64_t, Pending> loaded;
  bool whole = count <= kPendingMax;
  for (std::uint16_t i = 0; whole && i < count; ++i) {
    Pending p;
    // A clock that restarted with the machine reads lower than before: elapsed counts from now.
    const auto submitted_ns = static_cast<std::int64_t>(r.u64());
    p.submitted = Time::from_ns(std::min(submitted_ns, platform_.now().count_ns()));
    p.attempts = r.u32();
    const std::uint16_t length = r.u16();
    const auto body = r.raw(length);
    auto command = r.ok() ? ConsoleCommand::decode(body) : std::nullopt;
    whole = command.has_value();
    if (whole) {
      p.command = std::move(*command);
      loaded.emplace(p.command.id, std::move(p));
    }
  }
  if (!whole || !r.at_end()) {
    platform_.events().emit("console.commands_damaged", {{"key", kQueueKey}});
    return;
  }
  pending_ = std::move(loaded);
}

}  // namespace edgetwin::fw
