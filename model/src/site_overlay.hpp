#pragma once
// Overlaying a site's own fields on site_defaults while remembering where every merged value
// came from, so an error in a merged site points at the line the user wrote.
#include <map>
#include <string>

#include "json_check.hpp"

namespace edgetwin::model {

// Merged-document pointer -> pointer of the value in the file it came from.
using Origins = std::map<std::string, std::string>;

// Deep merge of `layer` (found at `source` in the file) into `target`: objects merge key by
// key, any other value replaces what was there. A site's {"wan": {"mbps": 20}} therefore keeps
// the default WAN latency.
void overlay(Json& target, const Json& layer, const std::string& source, Origins& origins);

}  // namespace edgetwin::model
