// Cloud cluster users (unique phone), the edge console's super account (forced change, cloud
// reset), and argon2id password storage.
#include "edgetwin/firmware/access/accounts.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include "edgetwin/firmware/activation/accounts_local.hpp"
#include "edgetwin/testing/test_network.hpp"

namespace edgetwin::testing {
namespace {

using fw::AccountError;

class Idle final : public fw::Agent {
 public:
  void boot() override {}
  void on_datagram(const fw::Address&, fw::Channel, std::span<const std::byte>) override {}
};

struct OneNode {
  OneNode()
      : platform(network.add_node("n", [](fw::Platform&) { return std::make_unique<Idle>(); })) {
    platform.power_on();
  }
  TestNetwork network;
  TestPlatform& platform;
};

// Unit tests hash at the cheapest argon2id cost; one test checks the interactive default.
const fw::PasswordHasher kCheap{fw::PwhashCost::simulation()};

TEST(PasswordHash, StoredHashVerifiesAndIsNotThePassword) {
  OneNode n;
  const std::string stored = kCheap.hash("correct horse", n.platform.rng()).value();
  EXPECT_TRUE(stored.starts_with("$argon2id$v=19$m=8,t=1,p=1$")) << stored;
  EXPECT_EQ(stored.find("correct horse"), std::string::npos);
  EXPECT_TRUE(fw::PasswordHasher::verify(stored, "correct horse"));
  EXPECT_FALSE(fw::PasswordHasher::verify(stored, "correct horsE"));
  EXPECT_FALSE(fw::PasswordHasher::verify(stored, ""));
  EXPECT_FALSE(fw::PasswordHasher::verify("", "correct horse"));
  EXPECT_FALSE(fw::PasswordHasher::verify("$argon2id$garbage", "correct horse"));
  // A fresh salt per hash: the same password never stores the same string twice.
  EXPECT_NE(kCheap.hash("correct horse", n.platform.rng()).value(), stored);
}

TEST(PasswordHash, LibsodiumsOwnVerifierReadsOurStrings) {
  OneNode n;
  ASSERT_GE(sodium_init(), 0);
  const std::string stored = kCheap.hash("pa55word!", n.platform.rng()).value();
  EXPECT_EQ(crypto_pwhash_str_verify(stored.c_str(), "pa55word!", 9), 0);
  EXPECT_NE(crypto_pwhash_str_verify(stored.c_str(), "pa55word?", 9), 0);
}

TEST(PasswordHash, InteractiveCostIsTheDefault) {
  OneNode n;
  const fw::PasswordHasher hasher;  // what edgeboxd and the cloud use
  const std::string stored = hasher.hash("pa55word!", n.platform.rng()).value();
  EXPECT_TRUE(stored.starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << stored;
  EXPECT_TRUE(fw::PasswordHasher::verify(stored, "pa55word!"));
}

TEST(PasswordHash, OverlongPasswordIsRefusedNotHashed) {
  OneNode n;
  EXPECT_FALSE(
      kCheap.hash(std::string(fw::PasswordHasher::kPasswordBytesMax + 1, 'x'), n.platform.rng()));
  EXPECT_TRUE(
      kCheap.hash(std::string(fw::PasswordHasher::kPasswordBytesMax, 'x'), n.platform.rng()));
}

struct Cloud : OneNode {
  Cloud() : book(platform, kCheap) {
    book.add_account("acme");
    book.create_cluster("acme", "community-1");
  }
  fw::AccountBook book;
};

TEST(Accounts, ClusterUserWithPhone) {
  Cloud c;
  EXPECT_EQ(c.book.add_cluster_user("community-1", "alice", "alice-pass", "138 0013 8000"),
            std::nullopt);
  const auto* alice = c.book.user("alice");
  ASSERT_NE(alice, nullptr);
  EXPECT_EQ(alice->phone, "13800138000");
  EXPECT_NE(alice->password_hash, "alice-pass");
  EXPECT_TRUE(c.book.verify_user("alice", "alice-pass"));
  EXPECT_FALSE(c.book.verify_user("alice", "alice-pas"));
  EXPECT_EQ(c.book.user_by_phone("13800138000"), alice);  // the single sign-on credential
  EXPECT_EQ(c.book.owner_of("community-1"), "acme");
}

TEST(Accounts, DuplicatePhoneIsRejected) {
  Cloud c;
  c.book.create_cluster("acme", "community-2");
  ASSERT_EQ(c.book.add_cluster_user("community-1", "alice", "alice-pass", "13800138000"),
            std::nullopt);
  // The same number, however it is written, in the same or another cluster.
  EXPECT_EQ(c.book.add_cluster_user("community-1", "bob", "bob-passw", "138-0013-8000"),
            AccountError::duplicate_phone);
  EXPECT_EQ(c.book.add_cluster_user("community-2", "bob", "bob-passw", "13800138000"),
            AccountError::duplicate_phone);
  EXPECT_EQ(c.book.user("bob"), nullptr);
  EXPECT_EQ(c.book.add_cluster_user("community-2", "bob", "bob-passw", "13900139000"),
            std::nullopt);
}

TEST(Accounts, PhoneIsRequiredAndUsernamesUnique) {
  Cloud c;
  EXPECT_EQ(c.book.add_cluster_user("community-1", "alice", "alice-pass", ""),
            AccountError::phone_required);
  EXPECT_EQ(c.book.add_cluster_user("community-1", "alice", "alice-pass", "call me"),
            AccountError::bad_phone);
  EXPECT_EQ(c.book.add_cluster_user("community-1", "alice", "short", "13800138000"),
            AccountError::weak_password);
  EXPECT_EQ(c.book.add_cluster_user("nowhere", "alice", "alice-pass", "13800138000"),
            AccountError::unknown_cluster);
  ASSERT_EQ(c.book.add_cluster_user("community-1", "alice", "alice-pass", "13800138000"),
            std::nullopt);
  EXPECT_EQ(c.book.add_cluster_user("community-1", "alice", "alice-pass", "13900139000"),
            AccountError::duplicate_username);
  EXPECT_EQ(c.book.create_cluster("nobody", "c9"), AccountError::unknown_account);
  EXPECT_EQ(c.book.create_cluster("acme", "community-1"), AccountError::duplicate_cluster);
}

TEST(Accounts, NoPasswordOrPhoneInEvents) {
  Cloud c;
  c.book.add_cluster_user("community-1", "alice", "alice-pass", "13800138000");
  for (const auto& e : c.platform.recorded()) {
    const std::string dump = e.fields.dump();
    EXPECT_EQ(dump.find("alice-pass"), std::string::npos);
    EXPECT_EQ(dump.find("13800138000"), std::string::npos);
  }
}

TEST(EdgeConsole, SuperAccountMustChangeItsPasswordAtFirstLogin) {
  OneNode n;
  auto admin = fw::edge_console_super_account(n.platform, kCheap);
  EXPECT_EQ(admin.login("iotedgeadmin", "iotedgeadmin"), fw::LoginResult::must_change_password);
  EXPECT_EQ(admin.login("iotedgeadmin", "wrong"), fw::LoginResult::wrong);
  EXPECT_EQ(admin.change_password("wrong", "new-secret-1"),
            fw::PasswordChangeError::wrong_password);
  EXPECT_EQ(admin.change_password("iotedgeadmin", "short"), fw::PasswordChangeError::too_short);
  EXPECT_EQ(admin.change_password("iotedgeadmin", "iotedgeadmin"),
            fw::PasswordChangeError::same_as_old);
  EXPECT_EQ(admin.change_password("iotedgeadmin", "new-secret-1"), std::nullopt);
  EXPECT_EQ(admin.login("iotedgeadmin", "new-secret-1"), fw::LoginResult::ok);
  EXPECT_EQ(admin.login("iotedgeadmin", "iotedgeadmin"), fw::LoginResult::wrong);
  EXPECT_EQ(admin.stored_hash().find("new-secret-1"), std::string::npos);
}

TEST(EdgeConsole, PasswordAndForcedChangeSurviveAReboot) {
  OneNode n;
  {
    auto admin = fw::edge_console_super_account(n.platform, kCheap);
    admin.change_password("iotedgeadmin", "new-secret-1");
  }
  n.platform.memory_disk().power_loss();  // the change was synced
  auto again = fw::edge_console_super_account(n.platform, kCheap);
  EXPECT_EQ(again.login("iotedgeadmin", "new-secret-1"), fw::LoginResult::ok);
  EXPECT_FALSE(again.must_change());
}

TEST(EdgeConsole, CloudResetReturnsToTheSuperAccountDefault) {
  OneNode n;
  auto admin = fw::edge_console_super_account(n.platform, kCheap);
  admin.change_password("iotedgeadmin", "new-secret-1");
  admin.reset_to_default();
  EXPECT_EQ(admin.login("iotedgeadmin", "new-secret-1"), fw::LoginResult::wrong);
  EXPECT_EQ(admin.login("iotedgeadmin", "iotedgeadmin"), fw::LoginResult::must_change_password);
  EXPECT_EQ(n.platform.recorded("account.reset").size(), 1u);
}

TEST(OwnerAccount, DefaultPasswordIsChangepasswordWithoutForcedChange) {
  OneNode n;
  fw::LocalAccount owner(n.platform, "owner", "changepassword", false, kCheap);
  EXPECT_EQ(owner.login("owner", "changepassword"), fw::LoginResult::ok);
  owner.change("a-new-password");
  fw::LocalAccount reread(n.platform, "owner", "changepassword", false, kCheap);
  EXPECT_TRUE(reread.verify("a-new-password"));
  EXPECT_FALSE(reread.verify("changepassword"));
}

// --- Issue 17, item 5: over-long passwords, damaged records, the first boot's change.

TEST(OwnerAccount, OverlongNewPasswordIsRefusedAndTheOldOneStillWorks) {
  OneNode n;
  fw::LocalAccount owner(n.platform, "owner", "changepassword", true, kCheap);
  const std::string huge(fw::PasswordHasher::kPasswordBytesMax + 1, 'x');
  EXPECT_EQ(owner.change_password("changepassword", huge), fw::PasswordChangeError::too_long);
  EXPECT_EQ(fw::to_string(fw::PasswordChangeError::too_long),
            "BAD PASSWORD: The password is longer than 256 bytes");
  EXPECT_FALSE(owner.change(huge));  // the console's path refuses it as well
  fw::LocalAccount reread(n.platform, "owner", "changepassword", true, kCheap);
  EXPECT_TRUE(reread.verify("changepassword"));  // not locked out
  EXPECT_TRUE(n.platform.recorded("account.password_changed").empty());
}

TEST(ClusterUsers, OverlongPasswordIsRefusedWithAMessage) {
  OneNode n;
  fw::AccountBook book(n.platform, kCheap);
  book.add_account("acme");
  book.create_cluster("acme", "community-1");
  const std::string huge(fw::PasswordHasher::kPasswordBytesMax + 1, 'x');
  EXPECT_EQ(book.add_cluster_user("community-1", "alice", huge, "13800000000"),
            fw::AccountError::password_too_long);
  EXPECT_EQ(fw::to_string(fw::AccountError::password_too_long), "password longer than 256 bytes");
  EXPECT_EQ(book.user("alice"), nullptr);
}

void write_record(TestPlatform& p, const std::string& key, fw::Bytes bytes) {
  p.disk().write(key, bytes, fw::Durability::synced);
}

TEST(OwnerAccount, ATornRecordIsAnErrorNeverTheDefaultPassword) {
  OneNode n;
  {
    fw::LocalAccount owner(n.platform, "owner", "changepassword", true, kCheap);
    ASSERT_TRUE(owner.change("a-new-password"));
  }
  const fw::Bytes whole = *n.platform.disk().read("accounts/owner");
  const std::vector<fw::Bytes> damaged{
      fw::Bytes(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(whole.size() / 2)),
      fw::Bytes{std::byte{7}},
      fw::Bytes{std::byte{0}, std::byte{0}, std::byte{0}},  // a well-framed empty hash
      fw::Bytes{}};
  for (const auto& record : damaged) {
    write_record(n.platform, "accounts/owner", record);
    fw::LocalAccount owner(n.platform, "owner", "changepassword", true, kCheap);
    EXPECT_TRUE(owner.damaged());
    EXPECT_FALSE(owner.verify("changepassword"));
    EXPECT_FALSE(owner.verify("a-new-password"));
    EXPECT_EQ(owner.login("owner", "changepassword"), fw::LoginResult::damaged);
    EXPECT_FALSE(owner.change("yet-another-1"));  // nobody logged in: nothing to change
  }
  EXPECT_EQ(n.platform.recorded("account.damaged").size(), damaged.size());
  // The record stays as found (for whoever repairs the box), until the cloud's reset.
  fw::LocalAccount owner(n.platform, "owner", "changepassword", true, kCheap);
  ASSERT_TRUE(owner.reset_to_default());
  EXPECT_FALSE(owner.damaged());
  EXPECT_EQ(owner.login("owner", "changepassword"), fw::LoginResult::must_change_password);
}

TEST(OwnerAccount, FirstBootMustChangeTheFactoryPassword) {
  OneNode n;
  fw::LocalAccount owner(n.platform, "owner", "changepassword", true, kCheap);
  EXPECT_TRUE(owner.must_change());
  EXPECT_EQ(owner.login("owner", "changepassword"), fw::LoginResult::must_change_password);
  EXPECT_EQ(owner.change_password("changepassword", "changepassword"),
            fw::PasswordChangeError::same_as_old);
  ASSERT_EQ(owner.change_password("changepassword", "owner-pw-2026"), std::nullopt);
  fw::LocalAccount reread(n.platform, "owner", "changepassword", true, kCheap);
  EXPECT_FALSE(reread.must_change());
  EXPECT_EQ(reread.login("owner", "owner-pw-2026"), fw::LoginResult::ok);
}

}  // namespace
}  // namespace edgetwin::testing
