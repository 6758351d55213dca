#include "edgetwin/firmware/activation/setup_dialogue.hpp"

#include <algorithm>

#include "edgetwin/firmware/base/ipv4_cidr.hpp"

namespace edgetwin::fw {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r\n");
  return s.substr(first, last - first + 1);
}

std::uint32_t netmask(int prefix) { return prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix); }

std::string prompt_of(DialogueStep step, const DialogueConfig& c) {
  switch (step) {
    case DialogueStep::login_user:
      return c.hostname + " login:";
    case DialogueStep::login_password:
      return "Password:";
    case DialogueStep::change_password_ask:
      return "Do you want to change your password? [Y/n]:";
    case DialogueStep::new_password:
      return "New password:";
    case DialogueStep::retype_password:
      return "Retype new password:";
    case DialogueStep::sudo_merge:
    case DialogueStep::sudo_dhcp:
      return "[sudo] password for " + c.user + ":";
    case DialogueStep::network_mode:
      return "Config network, do you want to use manual mode? [Y/n]:";
    case DialogueStep::manual_address:
      return "Address/prefix (e.g. 192.168.2.1/24):";
    case DialogueStep::manual_gateway:
      return "Gateway:";
    case DialogueStep::manual_dns:
      return "DNS servers:";
    case DialogueStep::network_ok:
      return "Is this network configuration OK? [Y/n]:";
    case DialogueStep::device_name:
      return "Please input name for this device:";
    case DialogueStep::bind_code:
      return "Please input user bind code:";
    case DialogueStep::activating:
    case DialogueStep::done:
      return "";
  }
  return "";
}

// "a.b.c.d/n", a host's address in its network (not fw::parse_cidr's network block): the
// address and prefix; nullopt if either part is malformed.
std::optional<std::pair<std::uint32_t, int>> parse_host_address(std::string_view text) {
  const auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const auto ip = parse_ipv4(text.substr(0, slash));
  const std::string_view bits = text.substr(slash + 1);
  if (!ip || bits.empty() || bits.size() > 2 ||
      !std::all_of(bits.begin(), bits.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return std::nullopt;
  const int prefix = std::stoi(std::string(bits));
  // A host needs a network with room for it and a gateway.
  if (prefix < 1 || prefix > 30) return std::nullopt;
  const std::uint32_t host = *ip & ~netmask(prefix);
  if (host == 0 || host == ~netmask(prefix)) return std::nullopt;  // network or broadcast
  return std::pair{*ip, prefix};
}

std::optional<std::vector<std::uint32_t>> parse_dns(std::string_view text) {
  std::vector<std::uint32_t> out;
  constexpr std::size_t kServersMax = 3;  // resolv.conf reads three
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto end = text.find_first_of(" ,", pos);
    const std::string_view part = text.substr(pos, end == std::string_view::npos ? end : end - pos);
    if (!part.empty()) {
      const auto ip = parse_ipv4(part);
      if (!ip || out.size() == kServersMax) return std::nullopt;
      out.push_back(*ip);
    }
    if (end == std::string_view::npos) break;
    pos = end + 1;
  }
  if (out.empty()) return std::nullopt;
  return out;
}

}  // namespace

std::optional<bool> parse_yes_no(std::string_view line) {
  const std::string_view s = trim(line);
  if (s.empty() || s == "Y" || s == "y" || s == "yes" || s == "Yes") return true;
  if (s == "n" || s == "N" || s == "no" || s == "No") return false;
  return std::nullopt;
}

bool valid_device_name(std::string_view name) {
  if (name.size() < 4 || name.size() > 30 || name.front() == '-' || name.back() == '-')
    return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-';
  });
}

SetupDialogue::SetupDialogue(DialogueConfig config, OwnerPassword& owner)
    : config_(std::move(config)), owner_(owner) {}

bool SetupDialogue::secret_prompt() const {
  return step_ == DialogueStep::login_password || step_ == DialogueStep::new_password ||
         step_ == DialogueStep::retype_password || step_ == DialogueStep::sudo_merge ||
         step_ == DialogueStep::sudo_dhcp;
}

ConsoleLines SetupDialogue::ask(DialogueStep step, ConsoleLines before) {
  step_ = step;
  before.push_back(prompt_of(step, config_));
  return before;
}

ConsoleLines SetupDialogue::start() { return ask(DialogueStep::login_user); }

ConsoleLines SetupDialogue::resume_at_bind_code(const std::string& device_name) {
  answers_.device_name = device_name;
  return ask(DialogueStep::bind_code);
}

ConsoleLines SetupDialogue::on_line(std::string_view line) {
  switch (step_) {
    case DialogueStep::login_user:
    case DialogueStep::login_password:
      return on_login(line);
    case DialogueStep::change_password_ask:
    case DialogueStep::new_password:
    case DialogueStep::retype_password:
      return on_password_change(line);
    case DialogueStep::sudo_merge:
    case DialogueStep::sudo_dhcp:
      return on_sudo(line);
    case DialogueStep::network_mode:
      return on_network_mode(line);
    case DialogueStep::manual_address:
    case DialogueStep::manual_gateway:
    case DialogueStep::manual_dns:
      return on_manual_network(line);
    case DialogueStep::network_ok:
      return on_network_ok(line);
    case DialogueStep::device_name:
      return on_device_name(line);
    case DialogueStep::bind_code:
      return on_bind_code(line);
    case DialogueStep::activating:
    case DialogueStep::done:
      return {};  // the console is busy: typing ahead is ignored
  }
  return {};
}

ConsoleLines SetupDialogue::on_login(std::string_view line) {
  if (step_ == DialogueStep::login_user) {
    login_user_ = std::string(trim(line));
    return ask(DialogueStep::login_password);
  }
  // The same answer for a wrong user and a wrong password, as login(1) does.
  if (login_user_ != config_.user || !owner_.verify(line))
    return ask(DialogueStep::login_user, {"Login incorrect"});
  return ask(DialogueStep::change_password_ask,
             {"*****", "* Welcome to Edgebox Initial Setup *", "*****",
              "This Setup will guide you completing the Edgebox initialization process."});
}

ConsoleLines SetupDialogue::on_password_change(std::string_view line) {
  if (step_ == DialogueStep::change_password_ask) {
    const auto yes = parse_yes_no(line);
    if (!yes) return ask(step_, {"Please answer Y or n."});
    if (*yes) return ask(DialogueStep::new_password);
    // The manual's question stays, but the factory password is printed in that manual: a box
    // that kept it would be anyone's. The first boot goes on only with a new one (as passwd
    // does for an expired password).
    if (owner_.must_change())
      return ask(DialogueStep::new_password,
                 {"You are required to change your password immediately (first boot)."});
    return ask(DialogueStep::sudo_merge, {"Merging home partition to root..."});
  }
  if (step_ == DialogueStep::new_password) {
    if (line.size() < config_.password_chars_min)
      return ask(step_, {"BAD PASSWORD: The password is shorter than " +
                         std::to_string(config_.password_chars_min) + " characters"});
    // Longer input is never hashed (an empty hash would lock the owner out for good).
    if (line.size() > config_.password_bytes_max)
      return ask(step_, {"BAD PASSWORD: The password is longer than " +
                         std::to_string(config_.password_bytes_max) + " bytes"});
    if (owner_.verify(line)) return ask(step_, {"BAD PASSWORD: it is the same as the old one"});
    new_password_ = std::string(line);
    return ask(DialogueStep::retype_password);
  }
  if (line != new_password_) {
    new_password_.clear();
    return ask(DialogueStep::new_password, {"Sorry, passwords do not match."});
  }
  const bool stored = owner_.change(new_password_);
  new_password_.clear();
  if (!stored)
    return ask(DialogueStep::new_password, {"passwd: Authentication token manipulation error",
                                            "The password was not changed."});
  password_changed_ = true;
  return ask(DialogueStep::sudo_merge, {"passwd: all authentication tokens updated successfully.",
                                        "Merging home partition to root..."});
}

ConsoleLines SetupDialogue::on_sudo(std::string_view line) {
  if (!owner_.verify(line)) return ask(step_, {"Sorry, try again."});
  if (step_ == DialogueStep::sudo_merge)
    return ask(DialogueStep::network_mode, {"Home partition is merged to root"});
  if (!config_.dhcp_lease)
    return ask(DialogueStep::network_mode, {"eno1: no DHCP lease (is the cable plugged in?)"});
  answers_.network = *config_.dhcp_lease;
  answers_.network.dhcp = true;
  return show_network();
}

ConsoleLines SetupDialogue::on_network_mode(std::string_view line) {
  const auto yes = parse_yes_no(line);
  if (!yes) return ask(step_, {"Please answer Y or n."});
  answers_.network = NetworkSetting{};
  if (*yes) return ask(DialogueStep::manual_address);
  return ask(DialogueStep::sudo_dhcp);
}

ConsoleLines SetupDialogue::on_manual_network(std::string_view raw) {
  const std::string_view line = trim(raw);
  NetworkSetting& n = answers_.network;
  if (step_ == DialogueStep::manual_address) {
    const auto cidr = parse_host_address(line);
    if (!cidr) return ask(step_, {"Not an address/prefix such as 192.168.2.1/24."});
    n.interface = "eno2";
    n.address = cidr->first;
    n.prefix = cidr->second;
    return ask(DialogueStep::manual_gateway);
  }
  if (step_ == DialogueStep::manual_gateway) {
    const auto gw = parse_ipv4(line);
    const std::uint32_t mask = netmask(n.prefix);
    if (!gw || (*gw & mask) != (n.address & mask) || *gw == n.address)
      return ask(step_, {"The gateway must be another address of " + format_ipv4(n.address & mask) +
                         "/" + std::to_string(n.prefix) + "."});
    n.gateway = *gw;
    return ask(DialogueStep::manual_dns);
  }
  const auto dns = parse_dns(line);
  if (!dns) return ask(step_, {"One to three DNS server addresses, separated by spaces."});
  n.dns = *dns;
  return show_network();
}

ConsoleLines SetupDialogue::show_network() {
  const NetworkSetting& n = answers_.network;
  ConsoleLines out{
      n.interface + ": flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500",
      "    inet " + format_ipv4(n.address) + "  netmask " + format_ipv4(netmask(n.prefix))};
  if (n.gateway != 0) out.push_back("    gateway " + format_ipv4(n.gateway));
  for (const auto dns : n.dns) out.push_back("    dns " + format_ipv4(dns));
  return ask(DialogueStep::network_ok, std::move(out));
}

ConsoleLines SetupDialogue::on_network_ok(std::string_view line) {
  const auto yes = parse_yes_no(line);
  if (!yes) return ask(step_, {"Please answer Y or n."});
  if (!*yes) return ask(DialogueStep::network_mode);
  return ask(DialogueStep::device_name, {"Setup user account..."});
}

ConsoleLines SetupDialogue::on_device_name(std::string_view line) {
  const std::string_view name = trim(line);
  if (!valid_device_name(name))
    return ask(step_, {"A device name has 4 to 30 digits, lowercase letters or '-', and does "
                       "not start or end with '-'."});
  answers_.device_name = std::string(name);
  return ask(DialogueStep::bind_code);
}

ConsoleLines SetupDialogue::on_bind_code(std::string_view line) {
  std::string code(trim(line));
  // A code read off a screen and typed in capitals is still the code.
  std::transform(code.begin(), code.end(), code.begin(), [](char c) {
    return c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c;
  });
  const bool hex = std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
  });
  if (code.size() != config_.bind_code_chars || !hex)
    return ask(step_, {"A bind code is " + std::to_string(config_.bind_code_chars) +
                       " characters 0-9 and a-f, as shown by \"activate device\"."});
  answers_.bind_code = std::move(code);
  step_ = DialogueStep::activating;
  return {};
}

ConsoleLines SetupDialogue::on_code_rejected(CodeRejection reason, Duration retry_after) {
  answers_.bind_code.clear();
  ConsoleLines out{"Bind code rejected: " + std::string(to_string(reason)) + "."};
  if (retry_after > Duration::zero())
    out.push_back("Try again in " +
                  std::to_string((retry_after.count_ns() + 999'999'999) / 1'000'000'000) + " s.");
  return ask(DialogueStep::bind_code, std::move(out));
}

ConsoleLines SetupDialogue::on_initialized() {
  step_ = DialogueStep::done;
  return {};
}

}  // namespace edgetwin::fw
