#include "edgetwin/model/fleet.hpp"

namespace edgetwin::model {

const Site* Fleet::find_site(const std::string& name) const {
  for (const auto& site : sites) {
    if (site.name == name) return &site;
  }
  return nullptr;
}

int Fleet::box_count() const {
  int count = 0;
  for (const auto& site : sites) count += static_cast<int>(site.boxes.size());
  return count;
}

const Box* Fleet::find_box(const std::string& name) const {
  for (const auto& site : sites) {
    for (const auto& box : site.boxes) {
      if (box.name == name) return &box;
    }
  }
  return nullptr;
}

}  // namespace edgetwin::model
