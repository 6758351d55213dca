// The manual's first-boot transcript (seeds/000_...: "Welcome to Edgebox Initial Setup" to
// "Please input user bind code:"), replayed answer by answer against the dialogue.
#include "edgetwin/firmware/activation/setup_dialogue.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"

namespace edgetwin::testing {
namespace {

using fw::ConsoleLines;
using fw::DialogueStep;

// The console user's password, in clear: the dialogue only asks it to verify and change.
class PlainOwner final : public fw::OwnerPassword {
 public:
  bool verify(std::string_view p) const override { return p == password; }
  bool change(std::string_view p) override {
    password = std::string(p);
    must = false;
    return true;
  }
  bool must_change() const override { return must; }
  std::string password = "changepassword";
  bool must = false;  // the manual's transcripts: a box whose owner may keep the password
};

struct Exchange {
  std::string typed;
  ConsoleLines printed;
};

const ConsoleLines kWelcome{"*****", "* Welcome to Edgebox Initial Setup *", "*****",
                            "This Setup will guide you completing the Edgebox initialization "
                            "process.",
                            "Do you want to change your password? [Y/n]:"};

void replay(fw::SetupDialogue& d, const std::vector<Exchange>& transcript) {
  for (std::size_t i = 0; i < transcript.size(); ++i) {
    SCOPED_TRACE("answer " + std::to_string(i) + ": '" + transcript[i].typed + "'");
    EXPECT_EQ(d.on_line(transcript[i].typed), transcript[i].printed);
  }
}

const std::vector<Exchange> kLoginAndMerge{
    {"owner", {"Password:"}},
    {"changepassword", kWelcome},
    {"n", {"Merging home partition to root...", "[sudo] password for owner:"}},
    {"changepassword",
     {"Home partition is merged to root",
      "Config network, do you want to use manual mode? [Y/n]:"}},
};

const std::vector<Exchange> kDeviceAndCode{
    {"y", {"Setup user account...", "Please input name for this device:"}},
    {"device01", {"Please input user bind code:"}},
    {"52995ded", {}},
};

TEST(SetupDialogue, ManualNetworkTranscript) {
  PlainOwner owner;
  fw::SetupDialogue d({}, owner);
  EXPECT_EQ(d.start(), ConsoleLines{"edgebox login:"});
  replay(d, kLoginAndMerge);
  replay(d, {{"y", {"Address/prefix (e.g. 192.168.2.1/24):"}},
             {"192.168.1.11/24", {"Gateway:"}},
             {"192.168.1.1", {"DNS servers:"}},
             {"223.5.5.5 223.6.6.6",
              {"eno2: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500",
               "    inet 192.168.1.11  netmask 255.255.255.0", "    gateway 192.168.1.1",
               "    dns 223.5.5.5", "    dns 223.6.6.6",
               "Is this network configuration OK? [Y/n]:"}}});
  replay(d, kDeviceAndCode);
  EXPECT_EQ(d.step(), DialogueStep::activating);
  const auto& a = d.answers();
  EXPECT_EQ(fw::format_ipv4(a.network.address), "192.168.1.11");
  EXPECT_EQ(a.network.prefix, 24);
  EXPECT_EQ(fw::format_ipv4(a.network.gateway), "192.168.1.1");
  EXPECT_EQ(a.network.dns.size(), 2u);
  EXPECT_FALSE(a.network.dhcp);
  EXPECT_EQ(a.device_name, "device01");
  EXPECT_EQ(a.bind_code, "52995ded");
  EXPECT_FALSE(d.password_changed());
}

TEST(SetupDialogue, DhcpTranscript) {
  PlainOwner owner;
  fw::DialogueConfig config;
  fw::NetworkSetting lease;
  lease.address = *fw::parse_ipv4("30.42.82.67");
  lease.prefix = 25;
  config.dhcp_lease = lease;
  fw::SetupDialogue d(config, owner);
  d.start();
  replay(d, kLoginAndMerge);
  replay(d, {{"n", {"[sudo] password for owner:"}},
             {"changepassword",
              {"eno1: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500",
               "    inet 30.42.82.67  netmask 255.255.255.128",
               "Is this network configuration OK? [Y/n]:"}}});
  replay(d, kDeviceAndCode);
  EXPECT_TRUE(d.answers().network.dhcp);
  EXPECT_EQ(d.answers().network.interface, "eno1");
}

TEST(SetupDialogue, PasswordChangeThenSudoNeedsTheNewPassword) {
  PlainOwner owner;
  fw::SetupDialogue d({}, owner);
  d.start();
  replay(d,
         {{"owner", {"Password:"}},
          {"changepassword", kWelcome},
          {"Y", {"New password:"}},
          {"short", {"BAD PASSWORD: The password is shorter than 8 characters", "New password:"}},
          {"changepassword", {"BAD PASSWORD: it is the same as the old one", "New password:"}},
          {"s3cret-pass", {"Retype new password:"}},
          {"s3cret-typo", {"Sorry, passwords do not match.", "New password:"}},
          {"s3cret-pass", {"Retype new password:"}},
          {"s3cret-pass",
           {"passwd: all authentication tokens updated successfully.",
            "Merging home partition to root...", "[sudo] password for owner:"}},
          {"changepassword", {"Sorry, try again.", "[sudo] password for owner:"}},
          {"s3cret-pass",
           {"Home partition is merged to root",
            "Config network, do you want to use manual mode? [Y/n]:"}}});
  EXPECT_TRUE(d.password_changed());
  EXPECT_EQ(owner.password, "s3cret-pass");
  EXPECT_FALSE(d.secret_prompt());
}

// Every kind of wrong answer re-prompts and keeps what was answered before.
TEST(SetupDialogue, InvalidAnswersRepromptAndLoseNothing) {
  PlainOwner owner;
  fw::SetupDialogue d({}, owner);
  d.start();
  const std::string yn = "Please answer Y or n.";
  replay(d, {{"root", {"Password:"}},
             {"changepassword", {"Login incorrect", "edgebox login:"}},
             {"owner", {"Password:"}},
             {"wrong", {"Login incorrect", "edgebox login:"}},
             {"owner", {"Password:"}},
             {"changepassword", kWelcome},
             {"maybe", {yn, "Do you want to change your password? [Y/n]:"}},
             {"", {"New password:"}},  // empty is the default: Y
             {"another-pass", {"Retype new password:"}},
             {"another-pass",
              {"passwd: all authentication tokens updated successfully.",
               "Merging home partition to root...", "[sudo] password for owner:"}},
             {"another-pass",
              {"Home partition is merged to root",
               "Config network, do you want to use manual mode? [Y/n]:"}},
             {"x", {yn, "Config network, do you want to use manual mode? [Y/n]:"}},
             {"Y", {"Address/prefix (e.g. 192.168.2.1/24):"}}});
  const std::string addr = "Address/prefix (e.g. 192.168.2.1/24):";
  const std::string bad_addr = "Not an address/prefix such as 192.168.2.1/24.";
  replay(
      d,
      {{"192.168.1.11", {bad_addr, addr}},
       {"192.168.1.256/24", {bad_addr, addr}},
       {"192.168.1.0/24", {bad_addr, addr}},  // the network itself
       {"192.168.1.11/33", {bad_addr, addr}},
       {" 192.168.1.11/24 ", {"Gateway:"}},
       {"10.0.0.1", {"The gateway must be another address of 192.168.1.0/24.", "Gateway:"}},
       {"192.168.1.11", {"The gateway must be another address of 192.168.1.0/24.", "Gateway:"}},
       {"192.168.1.1", {"DNS servers:"}},
       {"dns.example", {"One to three DNS server addresses, separated by spaces.", "DNS servers:"}},
       {"", {"One to three DNS server addresses, separated by spaces.", "DNS servers:"}},
       {"192.168.1.1",
        {"eno2: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500",
         "    inet 192.168.1.11  netmask 255.255.255.0", "    gateway 192.168.1.1",
         "    dns 192.168.1.1", "Is this network configuration OK? [Y/n]:"}},
       {"perhaps", {yn, "Is this network configuration OK? [Y/n]:"}},
       {"n", {"Config network, do you want to use manual mode? [Y/n]:"}},
       {"y", {addr}},
       {"192.168.1.12/24", {"Gateway:"}},
       {"192.168.1.1", {"DNS servers:"}},
       {"223.5.5.5",
        {"eno2: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500",
         "    inet 192.168.1.12  netmask 255.255.255.0", "    gateway 192.168.1.1",
         "    dns 223.5.5.5", "Is this network configuration OK? [Y/n]:"}},
       {"y", {"Setup user account...", "Please input name for this device:"}}});
  const std::string name_rule =
      "A device name has 4 to 30 digits, lowercase letters or '-', and does not start or end "
      "with '-'.";
  const std::string code_rule =
      "A bind code is 8 characters 0-9 and a-f, as shown by \"activate device\".";
  const std::string code = "Please input user bind code:";
  replay(d, {{"Device_01", {name_rule, "Please input name for this device:"}},
             {"-dev1", {name_rule, "Please input name for this device:"}},
             {"dev", {name_rule, "Please input name for this device:"}},
             {"s001-a", {code}},
             {"52995de", {code_rule, code}},
             {"52995dedd", {code_rule, code}},
             {"zz995ded", {code_rule, code}},
             {"52995DED", {}}});
  EXPECT_EQ(d.step(), DialogueStep::activating);
  EXPECT_EQ(d.answers().bind_code, "52995ded");  // capitals read off a screen are the code
  EXPECT_EQ(d.answers().device_name, "s001-a");
  EXPECT_EQ(fw::format_ipv4(d.answers().network.address), "192.168.1.12");
  EXPECT_EQ(owner.password, "another-pass");
}

TEST(SetupDialogue, DhcpWithoutLeaseGoesBackToTheNetworkQuestion) {
  PlainOwner owner;
  fw::SetupDialogue d({}, owner);
  d.start();
  replay(d, kLoginAndMerge);
  replay(d, {{"n", {"[sudo] password for owner:"}},
             {"changepassword",
              {"eno1: no DHCP lease (is the cable plugged in?)",
               "Config network, do you want to use manual mode? [Y/n]:"}}});
  EXPECT_EQ(d.step(), DialogueStep::network_mode);
}

TEST(SetupDialogue, RejectedCodeIsExplainedAndAskedAgain) {
  PlainOwner owner;
  fw::SetupDialogue d({}, owner);
  d.start();
  replay(d, kLoginAndMerge);
  replay(d, {{"y", {"Address/prefix (e.g. 192.168.2.1/24):"}},
             {"192.168.1.11/24", {"Gateway:"}},
             {"192.168.1.1", {"DNS servers:"}}});
  d.on_line("192.168.1.1");
  replay(d, kDeviceAndCode);
  EXPECT_EQ(d.on_code_rejected(fw::CodeRejection::other_node, fw::Duration::zero()),
            (ConsoleLines{"Bind code rejected: code belongs to another node.",
                          "Please input user bind code:"}));
  EXPECT_EQ(d.on_code_rejected(fw::CodeRejection::locked_out, fw::Duration::milliseconds(59'500)),
            (ConsoleLines{"Bind code rejected: locked out after too many wrong codes.",
                          "Try again in 60 s.", "Please input user bind code:"}));
  EXPECT_EQ(d.step(), DialogueStep::bind_code);
  EXPECT_EQ(d.answers().device_name, "device01");
  EXPECT_EQ(d.on_line("0a1b2c3d"), ConsoleLines{});
  EXPECT_EQ(d.answers().bind_code, "0a1b2c3d");
  d.on_initialized();
  EXPECT_EQ(d.step(), DialogueStep::done);
  EXPECT_EQ(d.on_line("typed ahead"), ConsoleLines{});
}

TEST(SetupDialogue, DeviceNameRule) {
  EXPECT_TRUE(fw::valid_device_name("device01"));
  EXPECT_TRUE(fw::valid_device_name("s001-a"));
  EXPECT_FALSE(fw::valid_device_name("abc"));
  EXPECT_FALSE(fw::valid_device_name(std::string(31, 'a')));
  EXPECT_FALSE(fw::valid_device_name("abc-"));
  EXPECT_FALSE(fw::valid_device_name("ABCD"));
}

}  // namespace
}  // namespace edgetwin::testing
