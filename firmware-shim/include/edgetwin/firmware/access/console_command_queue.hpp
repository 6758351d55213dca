#pragma once
// The cloud's console commands on their way to boxes (console_messages.hpp): each command the
// console authorized gets an id and is sent to its box, then sent again, with growing waits up
// to kRetryMax, until the box answers; a box whose cloud link is down gets it when the link is
// back (the cloud hears the box's node report: on_heard), not a whole wait later. The pending
// commands are kept on the cloud's disk, so a cloud that crashes and restarts goes on sending
// them. Every command is an event when it is sent (`console.command`, phase `sent`) and when
// it is answered (phase `done`: outcome, why, attempts, elapsed_s) or dropped (phase
// `dropped`: its node was deleted): the run's metrics read them.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>

#include "edgetwin/firmware/access/console_messages.hpp"
#include "edgetwin/firmware/base/address.hpp"
#include "edgetwin/firmware/base/platform.hpp"

namespace edgetwin::fw {

struct ConsoleQueueStats {
  std::uint64_t submitted = 0;
  std::uint64_t sends = 0;  // first sends and re-sends
  std::uint64_t applied = 0;
  std::uint64_t refused = 0;
  std::uint64_t unmatched_answers = 0;  // answers to no pending command (a repeat, a stray)
};

class ConsoleCommandQueue {
 public:
  static constexpr std::size_t kPendingMax = 256;
  static constexpr Duration kRetryFirst = Duration::seconds(2);
  static constexpr Duration kRetryMax = Duration::seconds(60);
  // On hearing a box again, what was sent to it this recently is not sent again at once.
  static constexpr Duration kResendGapMin = Duration::seconds(1);

  explicit ConsoleCommandQueue(Platform& platform) : platform_(platform) {}

  // At the cloud's boot (`epoch` its boot epoch): takes back the pending commands from the
  // disk and sends them.
  void start(std::uint32_t epoch);
  // A command to send to `node`; its id, or nullopt when kPendingMax are pending.
  std::optional<std::uint64_t> submit(ConsoleCommandKind kind, const std::string& node,
                                      const std::string& cluster, const std::string& actor);
  // A console_result payload from `from`; false if it does not decode.
  bool on_answer(const Address& from, std::span<const std::byte> payload);
  // `node` was heard on its cloud link: what is pending for it goes out now.
  void on_heard(const std::string& node);
  // `node` was deleted: its commands are dropped.
  void forget(const std::string& node);

  std::size_t pending() const { return pending_.size(); }
  const ConsoleQueueStats& stats() const { return stats_; }

 private:
  struct Pending {
    ConsoleCommand command;
    Time submitted;
    std::uint32_t attempts = 0;
    Time last_sent;
    TimerId timer = 0;
  };
  void send(Pending& p);
  void finish(std::uint64_t id, const std::string& phase, nlohmann::ordered_json extra);
  Duration retry_after(std::uint32_t attempts) const;
  void persist();
  void load();

  Platform& platform_;
  std::uint32_t epoch_ = 0;
  std::uint32_t next_ = 0;  // in this boot
  std::map<std::uint64_t, Pending> pending_;  // by id: sent in the order the console took them
  ConsoleQueueStats stats_;
};

}  // namespace edgetwin::fw
