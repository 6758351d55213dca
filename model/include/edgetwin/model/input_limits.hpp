#pragma once
// Bounds on fleet and scenario files, so that a hostile file costs a bounded time and memory
// and gets a positioned error (docs/security.md, "Hostile input"). Real files are far smaller:
// the bundled fleets nest 6 levels deep and a 4,000-site fleet listing every site is ~1 MiB.
#include <cstddef>

namespace edgetwin::model {

// Arrays and objects inside each other, the document itself being level 1. Checked before any
// value is built: copying, comparing and printing JSON values recurse once per level.
inline constexpr std::size_t kMaxNestingDepth = 64;

// Bytes of one fleet or scenario file.
inline constexpr std::size_t kMaxInputBytes = 16u << 20;

// Every site starts as a copy of site_defaults: the values of site_defaults times the number
// of sites is bounded, or a 32 KB file (10,000 values copied into 1,000 sites) costs 1.8 GB.
// 4,000,000 lets the largest fleet (100,000 sites) have 40 values of defaults; ours have 15.
inline constexpr std::size_t kMaxSiteDefaultsCopied = 4'000'000;

}  // namespace edgetwin::model
