#pragma once
// Every firmware message decoder, by the wire type that selects it, for the fuzz targets and
// their seed corpus (make_seeds.cpp). A new message type belongs here too.
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "edgetwin/firmware/access/console_messages.hpp"
#include "edgetwin/firmware/activation/activation_messages.hpp"
#include "edgetwin/firmware/alerts/condition_messages.hpp"
#include "edgetwin/firmware/data/replication_messages.hpp"
#include "edgetwin/firmware/orchestration/desired_chunk.hpp"
#include "edgetwin/firmware/orchestration/desired_messages.hpp"
#include "edgetwin/firmware/rollout/rollout_messages.hpp"
#include "edgetwin/firmware/wire/messages.hpp"
#include "edgetwin/firmware/wire/wire.hpp"

namespace edgetwin::fuzz {

using fw::MessageType;

template <class Message>
struct Codec {
  MessageType type;
};

// Calls visit(type, Codec<Message>) for every message type.
template <class Visit>
void for_each_codec(Visit visit) {
  visit(Codec<fw::PeerHeartbeat>{MessageType::peer_heartbeat});
  visit(Codec<fw::NodeReport>{MessageType::node_report});
  visit(Codec<fw::CloudAck>{MessageType::cloud_ack});
  visit(Codec<fw::LeaseRequest>{MessageType::lease_request});
  visit(Codec<fw::LeaseReply>{MessageType::lease_reply});
  visit(Codec<fw::LeaseRelease>{MessageType::lease_release});
  visit(Codec<fw::ReplAppend>{MessageType::repl_append});
  visit(Codec<fw::ReplAck>{MessageType::repl_ack});
  visit(Codec<fw::DataWrite>{MessageType::data_write});
  visit(Codec<fw::DataWriteReply>{MessageType::data_write_reply});
  visit(Codec<fw::DataRead>{MessageType::data_read});
  visit(Codec<fw::DataReadReply>{MessageType::data_read_reply});
  visit(Codec<fw::ActivationRequest>{MessageType::activation_request});
  visit(Codec<fw::ActivationReply>{MessageType::activation_reply});
  visit(Codec<fw::ActivationDone>{MessageType::activation_done});
  visit(Codec<fw::DeployOrder>{MessageType::deploy_order});
  visit(Codec<fw::DeployStatus>{MessageType::deploy_status});
  visit(Codec<fw::SiteDesiredState>{MessageType::desired_state});
  visit(Codec<fw::DesiredStatus>{MessageType::desired_status});
  visit(Codec<fw::DesiredChunk>{MessageType::desired_chunk});
  visit(Codec<fw::ConditionReport>{MessageType::condition_report});
  visit(Codec<fw::ConditionAck>{MessageType::condition_ack});
  visit(Codec<fw::ConsoleCommand>{MessageType::console_command});
  visit(Codec<fw::ConsoleCommandResult>{MessageType::console_result});
}

// Decodes `payload` as the body of a message of `type`. A body that decodes must encode and
// decode again (what a relaying node does), or the decoder accepted more than it can say.
inline void decode_payload(MessageType type, std::span<const std::byte> payload) {
  for_each_codec([&]<class Message>(Codec<Message> codec) {
    if (codec.type != type) return;
    const std::optional<Message> message = Message::decode(payload);
    if (!message) return;
    // Some encoders refuse what would not fit a datagram (std::optional<Bytes>).
    const std::optional<fw::Bytes> again = message->encode();
    if (again && !Message::decode(*again)) __builtin_trap();
  });
}

}  // namespace edgetwin::fuzz
