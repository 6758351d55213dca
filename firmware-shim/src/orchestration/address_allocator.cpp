#include "edgetwin/firmware/orchestration/address_allocator.hpp"

#include <utility>

namespace edgetwin::fw {

AddressAllocator::AddressAllocator(Cidr pool, int block_prefix, std::uint64_t first,
                                   std::uint64_t last)
    : pool_(pool), block_prefix_(block_prefix), first_(first), last_(last), next_fresh_(first) {}

Result<AddressAllocator, AddressError> AddressAllocator::subnets(Cidr pool, int block_prefix) {
  if (block_prefix < pool.prefix_length || block_prefix > 32)
    return Result<AddressAllocator, AddressError>::failure(
        {AddressErrorKind::bad_block_size,
         "cannot carve /" + std::to_string(block_prefix) + " blocks out of " + pool.to_string()});
  const std::uint64_t blocks = std::uint64_t{1} << (block_prefix - pool.prefix_length);
  return AddressAllocator(pool, block_prefix, 0, blocks - 1);
}

AddressAllocator AddressAllocator::vips(Cidr range) {
  const std::uint64_t n = range.size();
  // A /31 or /32 has no network or broadcast address to keep back (RFC 3021).
  return n <= 2 ? AddressAllocator(range, 32, 0, n - 1) : AddressAllocator(range, 32, 1, n - 2);
}

Cidr AddressAllocator::block(std::uint64_t index) const {
  const auto offset = static_cast<std::uint32_t>(index << (32 - block_prefix_));
  return {pool_.network + offset, block_prefix_};
}

Result<bool, AddressError> AddressAllocator::reserve(std::uint32_t address) {
  if (!pool_.contains(address))
    return Result<bool, AddressError>::failure(
        {AddressErrorKind::reserved_outside_range,
         Cidr{address, 32}.to_string() + " is outside " + pool_.to_string()});
  const std::uint64_t index = (address - pool_.network) >> (32 - block_prefix_);
  if (index < first_ || index > last_ || in_use_.contains(index)) return false;
  released_.erase(index);
  return reserved_.insert(index).second;
}

std::optional<std::uint64_t> AddressAllocator::take_lowest_free() {
  if (!released_.empty()) {
    const std::uint64_t index = *released_.begin();
    released_.erase(released_.begin());
    return index;
  }
  while (next_fresh_ <= last_ && reserved_.contains(next_fresh_)) ++next_fresh_;
  if (next_fresh_ > last_) return std::nullopt;
  return next_fresh_++;
}

Result<Cidr, AddressError> AddressAllocator::allocate(const std::string& owner) {
  if (const auto it = by_owner_.find(owner); it != by_owner_.end()) return it->second;
  if (by_owner_.size() >= kOwnersMax)
    return Result<Cidr, AddressError>::failure(
        {AddressErrorKind::owners_max, pool_.to_string() + " already has the most owners"});
  const auto index = take_lowest_free();
  if (!index)
    return Result<Cidr, AddressError>::failure(
        {AddressErrorKind::exhausted,
         pool_.to_string() + " is exhausted: all " + std::to_string(capacity()) + " /" +
             std::to_string(block_prefix_) + " blocks are in use (asked by " + owner + ")"});
  in_use_.insert(*index);
  index_of_[owner] = *index;
  return by_owner_[owner] = block(*index);
}

bool AddressAllocator::release(const std::string& owner) {
  const auto it = index_of_.find(owner);
  if (it == index_of_.end()) return false;
  in_use_.erase(it->second);
  released_.insert(it->second);
  by_owner_.erase(owner);
  index_of_.erase(it);
  return true;
}

std::optional<Cidr> AddressAllocator::find(const std::string& owner) const {
  const auto it = by_owner_.find(owner);
  if (it == by_owner_.end()) return std::nullopt;
  return it->second;
}

}  // namespace edgetwin::fw
