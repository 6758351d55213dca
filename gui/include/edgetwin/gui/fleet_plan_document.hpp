#pragma once
// The fleet file the "Fleet plan" view edits. The file's text is the document: every edit yields a
// new text that the model's own parser (edgetwin::model::parse_fleet, what `edgetwin validate`
// runs) must accept before it replaces the old one, so an invalid fleet is never held, and undo
// can restore the exact bytes that were read. The capacity and N-1 figures are the reports
// library's (reports::compute_capacity), recomputed from the parsed fleet after every change.
#include <QString>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "edgetwin/model/diagnostic.hpp"
#include "edgetwin/model/fleet.hpp"
#include "edgetwin/reports/capacity.hpp"

namespace edgetwin::gui {

class FleetPlanDocument {
 public:
  using Json = nlohmann::ordered_json;

  // Reads and validates a fleet file; a file that cannot be read or parsed yields its diagnostics.
  static FleetPlanDocument open(const QString& path);

  bool ok() const { return fleet_.has_value(); }
  const std::vector<model::Diagnostic>& errors() const { return errors_; }
  const QString& path() const { return path_; }
  const std::string& text() const { return text_; }  // exactly what would be saved
  const Json& json() const { return doc_; }
  const model::Fleet* fleet() const { return fleet_ ? &*fleet_ : nullptr; }
  const reports::CapacityReport& capacity() const { return capacity_; }

  // What parse_fleet says about `text` (empty: valid).
  std::vector<model::Diagnostic> check(const std::string& text) const;
  // Replaces the document with `text` when the model accepts it; else its diagnostics.
  std::vector<model::Diagnostic> setText(const std::string& text);
  // parse_fleet on `text`, with this document's file name in the diagnostics.
  model::Parsed<model::Fleet> parse(const std::string& text) const;
  // Replaces the document with `text`, which parse() turned into `fleet` (no second parse).
  void adopt(const std::string& text, model::Fleet fleet);
  // The text after `edit` has changed the JSON (2-space indented, as `edgetwin fleet generate`).
  std::string edited(const std::function<void(Json&)>& edit) const;
  // Validates, then writes atomically (QSaveFile); nothing written when invalid.
  std::vector<model::Diagnostic> save(const QString& path);

  // Sets `pointer` (e.g. "/wan/mbps") in the site's own entry of "sites", adding the entry when
  // the site so far came from "generate" alone.
  static void setSiteField(Json& doc, const std::string& site, const std::string& pointer,
                           const Json& value);
  // The manual's EdgeBox: 40 cores, 256 GiB memory, 480 GB SSD, 24 TB HDD, one T4 GPU.
  static Json edgeBoxHardware();

 private:
  QString path_;
  std::string text_;
  Json doc_ = Json::object();
  std::optional<model::Fleet> fleet_;
  reports::CapacityReport capacity_;
  std::vector<model::Diagnostic> errors_;
};

// "message (at /pointer)": a diagnostic without its file position, for a field being edited.
QString short_message(const model::Diagnostic& d);

}  // namespace edgetwin::gui
