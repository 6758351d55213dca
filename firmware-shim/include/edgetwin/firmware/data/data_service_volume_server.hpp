#pragma once
// The NAS side of NAS-backed data services: one volume (a durable log, replicated_log.hpp) per
// app, written by the site's primary box. Fencing as SCSI-3 persistent reservations do it: a
// write or read carries the writer's term, the volume keeps the highest term it has seen and
// refuses (stale_term, with its term) anyone older. So a deposed primary that still believes
// it serves can never write once its successor has.
#include <map>
#include <memory>
#include <string>

#include "edgetwin/firmware/base/platform.hpp"
#include "edgetwin/firmware/data/replicated_log.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fw {

class VolumeServer {
 public:
  static constexpr std::size_t kVolumesMax = 64;

  explicit VolumeServer(Platform& platform) : platform_(platform) {}
  // data_write / data_read from a box; false when malformed (the caller counts it).
  bool on_message(const Address& from, const Envelope& env, std::uint32_t epoch);
  // The volume of `app`, or nullptr if nothing was ever written to it on this NAS.
  const ReplicatedLog* volume(const std::string& app) const;

 private:
  ReplicatedLog* open(const std::string& app);
  bool credible(const std::string& app, std::uint64_t term);
  void on_write(const Address& from, const DataWrite& m, std::uint32_t epoch);
  void on_read(const Address& from, const DataRead& m, std::uint32_t epoch);

  Platform& platform_;
  std::map<std::string, std::unique_ptr<ReplicatedLog>> volumes_;
};

}  // namespace edgetwin::fw
