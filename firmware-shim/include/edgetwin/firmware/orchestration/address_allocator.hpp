#pragma once
// Hands out blocks of an IPv4 range to named owners: flannel-style pod subnets (a /24 per node
// out of the cluster's pod CIDR) and service VIPs (single addresses out of the cluster's
// service range). Lowest free block first, so the same sequence of calls gives the same
// addresses on every run; an owner asking again gets its block back (idempotent). Exhaustion
// is an error value that says which range ran out.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"
#include "edgetwin/firmware/base/result.hpp"

namespace edgetwin::fw {

enum class AddressErrorKind { exhausted, bad_block_size, reserved_outside_range, owners_max };

struct AddressError {
  AddressErrorKind kind;
  std::string message;
};

class AddressAllocator {
 public:
  // Bound on owners of one range, whatever its size.
  static constexpr std::size_t kOwnersMax = 65'536;

  // `pool` carved into blocks of /block_prefix (pool prefix <= block_prefix <= 32).
  static Result<AddressAllocator, AddressError> subnets(Cidr pool, int block_prefix);
  // Single addresses of `range`; in a range larger than a /31 its network and broadcast
  // addresses are never handed out.
  static AddressAllocator vips(Cidr range);

  // Keeps `address` (a router, a box's own LAN IP) out of every block handed out later.
  Result<bool, AddressError> reserve(std::uint32_t address);
  Result<Cidr, AddressError> allocate(const std::string& owner);
  bool release(const std::string& owner);  // false: the owner had nothing

  std::optional<Cidr> find(const std::string& owner) const;
  const std::map<std::string, Cidr>& allocations() const { return by_owner_; }
  std::uint64_t capacity() const { return last_ - first_ + 1 - reserved_.size(); }
  Cidr range() const { return pool_; }

 private:
  AddressAllocator(Cidr pool, int block_prefix, std::uint64_t first, std::uint64_t last);
  Cidr block(std::uint64_t index) const;
  std::optional<std::uint64_t> take_lowest_free();

  Cidr pool_;
  int block_prefix_;
  std::uint64_t first_;               // first usable block index
  std::uint64_t last_;                // last usable block index (inclusive)
  std::uint64_t next_fresh_;          // blocks at or above it were never handed out
  std::set<std::uint64_t> released_;  // handed out once, free again (all below next_fresh_)
  std::set<std::uint64_t> reserved_;
  std::set<std::uint64_t> in_use_;
  std::map<std::string, Cidr> by_owner_;
  std::map<std::string, std::uint64_t> index_of_;
};

}  // namespace edgetwin::fw
