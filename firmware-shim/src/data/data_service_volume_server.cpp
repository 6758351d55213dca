#include "edgetwin/firmware/data/data_service_volume_server.hpp"

#include "edgetwin/firmware/data/term_bounds.hpp"

namespace edgetwin::fw {

const ReplicatedLog* VolumeServer::volume(const std::string& app) const {
  auto it = volumes_.find(app);
  return it == volumes_.end() ? nullptr : it->second.get();
}

ReplicatedLog* VolumeServer::open(const std::string& app) {
  auto it = volumes_.find(app);
  if (it != volumes_.end()) return it->second.get();
  if (volumes_.size() >= kVolumesMax || app.empty()) return nullptr;
  return volumes_.emplace(app, std::make_unique<ReplicatedLog>(platform_.disk(), "volume/" + app))
      .first->second.get();
}

// A term beyond a bounded step above the volume's (term_bounds.hpp) is refused like a
// malformed message: taking it would fence every genuine writer for good.
bool VolumeServer::credible(const std::string& app, std::uint64_t term) {
  const ReplicatedLog* log = open(app);
  return log == nullptr || term_credible(term, log->current_term());
}

bool VolumeServer::on_message(const Address& from, const Envelope& env, std::uint32_t epoch) {
  if (env.type == MessageType::data_write) {
    auto m = DataWrite::decode(env.payload);
    if (!m || !credible(m->app, m->term)) return false;
    on_write(from, *m, epoch);
    return true;
  }
  if (env.type == MessageType::data_read) {
    auto m = DataRead::decode(env.payload);
    if (!m || !credible(m->app, m->term)) return false;
    on_read(from, *m, epoch);
    return true;
  }
  return false;
}

// Term 0 is a client's: only a box that took a term may write (unfenced writers are refused).
void VolumeServer::on_write(const Address& from, const DataWrite& m, std::uint32_t epoch) {
  DataWriteReply r{m.app, m.request, DataStatus::ok, m.term, 0};
  ReplicatedLog* log = open(m.app);
  if (log == nullptr || log->full()) {
    r.status = DataStatus::overloaded;
  } else if (m.term == 0 || m.term < log->current_term()) {
    r.status = DataStatus::stale_term;
    r.term = log->current_term();
  } else if (!log->set_current_term(m.term)) {
    r.status = DataStatus::unavailable;  // the fence itself is not durable: nothing applied
  } else if (auto index = log->append({m.term, m.value})) {
    r.index = *index;
    // The volume's only copy: every entry is safe. A compaction the disk refused leaves the
    // old snapshot in place and is tried again on the next write.
    log->compact(*index);
  } else {
    r.status = DataStatus::unavailable;  // the disk refused it: never report it appended
  }
  platform_.send(from, Channel::firmware, encode_envelope(MessageType::data_write_reply, epoch, r.encode()));
}

void VolumeServer::on_read(const Address& from, const DataRead& m, std::uint32_t epoch) {
  DataReadReply r{m.app, m.request, DataStatus::ok, m.term, 0, 0};
  ReplicatedLog* log = open(m.app);
  if (log == nullptr) {
    r.status = DataStatus::overloaded;
  } else if (m.term == 0 || m.term < log->current_term()) {
    r.status = DataStatus::stale_term;
    r.term = log->current_term();
  } else if (!log->set_current_term(m.term)) {
    r.status = DataStatus::unavailable;  // a fence that a reboot would forget is no fence
  } else {
    r.index = log->last_index();
    r.value = r.index > 0 ? log->at(r.index).value : 0;
  }
  platform_.send(from, Channel::firmware, encode_envelope(MessageType::data_read_reply, epoch, r.encode()));
}

}  // namespace edgetwin::fw
