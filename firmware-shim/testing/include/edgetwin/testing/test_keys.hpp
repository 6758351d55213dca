#pragma once
// Keys of the authenticated channel for firmware unit tests (wire_keys.hpp): one fixed site key
// and one fixed cloud root, so that every box, witness and cloud of a test site can talk, and a
// test can forge a datagram "as" a node that holds the keys (an insider, or a bug there:
// tests/firmware/fixtures/seal_as.hpp).
#include <string>

#include "edgetwin/firmware/wire/wire_keys.hpp"

namespace edgetwin::testing {

// The MAC strength of every key below (default full); tests that prove both strengths drop the
// same forgeries set it first.
void set_test_mac_strength(fw::MacStrength strength);

fw::WireKey test_site_key();
fw::WireKey test_cloud_root();
// A box's: the site key, its enrolment key and the cloud-link key it was issued before the
// test (issued_cloud_keys.hpp: the stand-in derivation).
fw::WireKeys test_box_keys(const std::string& box);
// The cloud's: every box's enrolment key, and every box's preissued cloud-link key.
fw::WireKeys test_cloud_keys();
// Out of the factory: a box with the site key and its enrolment key only, and a cloud that knows
// no cloud-link key but those it issues at activation.
fw::WireKeys test_factory_box_keys(const std::string& box);
fw::WireKeys test_factory_cloud_keys();
// A site member that is not a box (a NAS witness, a data client): the site key.
fw::WireKeys test_site_member_keys();

}  // namespace edgetwin::testing
