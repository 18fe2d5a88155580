#include "gui/panels/sources_panel.h"

#include "gui/widgets/disabled_reason.h"

#include "model/core/seed_spec.h"

#include <imgui.h>
#include <imgui_stdlib.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace stylemix::gui {

std::vector<std::uint64_t> SeedList::seeds() const {
    std::vector<std::uint64_t> out;
    for (const Source& s : items) out.push_back(s.seed);
    return out;
}

void SeedList::setSeeds(const std::vector<std::uint64_t>& seeds) {
    items.resize(seeds.size());
    for (std::size_t i = 0; i < seeds.size(); ++i) items[i].seed = seeds[i];
    syncSpec();
}

void SeedList::syncSpec() {
    spec = formatSpec(seeds());
    error.clear();
}

SourcesState::SourcesState() {
    rows.setSeeds({85, 100, 75, 458, 1500});
    cols.setSeeds({55, 821, 1789, 293});
}

std::string setSpec(SeedList& list, const std::string& spec) {
    try {
        const auto seeds = parseSpec(spec, "seeds", 4294967295ull, SourcesState::kMaxSources);
        if (seeds.empty()) throw std::runtime_error("need at least one seed");
        list.items.resize(seeds.size());   // classes kept by position
        for (std::size_t i = 0; i < seeds.size(); ++i) list.items[i].seed = seeds[i];
        list.syncSpec();
    } catch (const std::exception& e) {
        list.spec = spec;   // as typed, for the user to fix
        list.error = e.what();
    }
    return list.error;
}

std::string addSeeds(SeedList& list, const std::string& spec) {
    try {
        const auto seeds = parseSpec(spec, "seeds", 4294967295ull, SourcesState::kMaxSources);
        if (list.items.size() + seeds.size() > static_cast<std::size_t>(SourcesState::kMaxSources))
            throw std::runtime_error("at most " + std::to_string(SourcesState::kMaxSources) + " seeds per list");
        const int cls = list.items.empty() ? -1 : list.items.back().class_index;
        for (auto seed : seeds) list.items.push_back(Source{seed, cls});
        list.syncSpec();
        return {};
    } catch (const std::exception& e) {
        return e.what();
    }
}

std::string commitAdd(SeedList& list) {
    list.add_error = list.add_text.empty() ? std::string() : addSeeds(list, list.add_text);
    if (list.add_error.empty()) list.add_text.clear();
    return list.add_error;
}

namespace {

std::string classRangeText(int c_dim) {
    if (c_dim <= 0) return "this model is unconditional";
    return "this model has " + std::to_string(c_dim) + (c_dim == 1 ? " class (0)" : " classes (0\xE2\x80\x93" +
                                                                           std::to_string(c_dim - 1) + ")");
}

}  // namespace

std::string setClass(SeedList& list, int index, int cls, int c_dim) {
    if (index < 0 || index >= static_cast<int>(list.items.size())) return {};
    if (cls < 0 || cls >= c_dim) {
        list.class_error = "Class " + std::to_string(cls) + " refused for seed " +
                           std::to_string(list.items[index].seed) + ": " + classRangeText(c_dim);
        return list.class_error;
    }
    list.items[index].class_index = cls;
    list.class_error.clear();
    return {};
}

void removeSeed(SeedList& list, int index) {
    if (index < 0 || index >= static_cast<int>(list.items.size()) || list.items.size() <= 1) return;
    list.items.erase(list.items.begin() + index);
    list.syncSpec();
}

void moveSeed(SeedList& list, int from, int to) {
    const int n = static_cast<int>(list.items.size());
    if (from < 0 || from >= n || to < 0 || to >= n || from == to) return;
    const Source moved = list.items[from];
    list.items.erase(list.items.begin() + from);
    list.items.insert(list.items.begin() + to, moved);
    list.syncSpec();
}

void randomiseSeeds(SeedList& list, std::mt19937_64& rng) {
    std::uniform_int_distribution<std::uint64_t> dist(0, SourcesState::kRandomSeedLimit - 1);
    for (Source& s : list.items) s.seed = dist(rng);
    list.syncSpec();
}

int effectiveClass(const Source& s, int c_dim) { return c_dim > 0 ? std::clamp(s.class_index, 0, c_dim - 1) : -1; }

namespace {

// Clamps `list`'s classes into the model's range; unset classes become 0
// silently (the panel already showed 0), others with a message each.
void fitClasses(SeedList& list, const char* name, int c_dim, std::vector<std::string>& changes) {
    list.class_error.clear();
    if (c_dim <= 0) return;   // hidden and not sent; kept for the next conditional model
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        Source& s = list.items[i];
        const int fitted = effectiveClass(s, c_dim);
        if (s.class_index >= 0 && fitted != s.class_index)
            changes.push_back(std::string(name) + " " + std::to_string(i) + " (seed " + std::to_string(s.seed) +
                              "): class " + std::to_string(s.class_index) + " \xE2\x86\x92 " + std::to_string(fitted) +
                              ", " + classRangeText(c_dim));
        s.class_index = fitted;
    }
}

}  // namespace

std::vector<std::string> fitSourcesToModel(SourcesState& state, const ModelFacts& facts,
                                           const ModelFacts* previous) {
    std::vector<std::string> changes;
    const bool other_model = previous && (previous->sha256 != facts.sha256 || previous->path != facts.path);
    if (other_model && state.transform != InputTransform{}) {
        char was[160];
        std::snprintf(was, sizeof was, "x %.3g, y %.3g, %.3g\xC2\xB0", state.transform.translate_x,
                      state.transform.translate_y, state.transform.rotate_deg);
        changes.push_back(std::string("Input transform reset to the identity (was ") + was +
                          "): a transform belongs to the model it was set on");
        state.transform = InputTransform{};
    }
    fitClasses(state.rows, "Row", facts.c_dim, changes);
    fitClasses(state.cols, "Column", facts.c_dim, changes);
    const int max_cutoff = std::max(facts.num_ws, 1);
    const int cutoff = std::clamp(state.cutoff, 1, max_cutoff);
    if (cutoff != state.cutoff)
        changes.push_back("Truncation cutoff: first " + std::to_string(state.cutoff) + " \xE2\x86\x92 " +
                          std::to_string(cutoff) + " ws, this model has " + std::to_string(facts.num_ws) + " ws");
    state.cutoff = cutoff;
    return changes;
}

namespace {

// An error or notice in full: wrapped at the panel's edge, never clipped.
void wrappedText(const std::string& text, const ImVec4& color) {
    if (text.empty()) return;
    ImGui::PushStyleColor(ImGuiCol_Text, color);
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextUnformatted(text.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopStyleColor();
}

const ImVec4 kErrorColor(1.f, 0.45f, 0.4f, 1.f);
const ImVec4 kNoticeColor(1.f, 0.8f, 0.35f, 1.f);

// A committed edit: Enter, or focus leaving the field after a change.
bool committed() { return ImGui::IsItemDeactivatedAfterEdit(); }

// The title with Randomise, then the SPEC field (a draft until committed).
void drawSpecField(const char* title, SeedList& list, std::mt19937_64& rng) {
    const float right_edge = ImGui::GetCursorPosX() + ImGui::GetContentRegionAvail().x;
    ImGui::TextUnformatted(title);
    ImGui::SameLine(right_edge - ImGui::CalcTextSize("Randomise").x - ImGui::GetStyle().FramePadding.x * 2);
    if (ImGui::SmallButton("Randomise")) randomiseSeeds(list, rng);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("New random seeds for this list (classes kept)");
    ImGui::SetNextItemWidth(-1);
    ImGui::InputTextWithHint("##spec", "SPEC, e.g. 1,2,5-8", &list.spec);
    if (committed()) setSpec(list, std::string(list.spec));   // a copy: setSpec rewrites list.spec
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Enter or click away to apply; an invalid SPEC changes nothing");
    wrappedText(list.error, kErrorColor);
}

// A row per seed: index, seed, class (conditional models), reorder, remove.
void drawSeedTable(SeedList& list, int c_dim) {
    const ImGuiTableFlags flags = ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_RowBg;
    if (!ImGui::BeginTable("seeds", c_dim > 0 ? 4 : 3, flags)) return;
    ImGui::TableSetupColumn("#");
    ImGui::TableSetupColumn("seed", ImGuiTableColumnFlags_WidthStretch);
    if (c_dim > 0) ImGui::TableSetupColumn("class");
    ImGui::TableSetupColumn("actions");
    int move_from = -1, move_to = -1, remove = -1;
    const int n = static_cast<int>(list.items.size());
    for (int i = 0; i < n; ++i) {
        ImGui::PushID(i);
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextDisabled("%d", i);
        ImGui::TableNextColumn();
        ImGui::SetNextItemWidth(-1);
        std::uint64_t seed = list.items[i].seed;
        if (ImGui::InputScalar("##seed", ImGuiDataType_U64, &seed, nullptr, nullptr, "%llu")) {
            list.items[i].seed = std::min<std::uint64_t>(seed, 4294967295ull);
            list.syncSpec();
        }
        if (c_dim > 0) {
            ImGui::TableNextColumn();
            ImGui::SetNextItemWidth(ImGui::GetFontSize() * 4);
            int cls = effectiveClass(list.items[i], c_dim);   // what requests carry
            if (ImGui::InputInt("##class", &cls, 0)) setClass(list, i, cls, c_dim);
        }
        ImGui::TableNextColumn();
        ImGui::BeginDisabled(i == 0);
        if (ImGui::ArrowButton("up", ImGuiDir_Up)) move_from = i, move_to = i - 1;
        ImGui::EndDisabled();
        disabledReason(i == 0, "Already the first source.");
        ImGui::SameLine(0, 2);
        ImGui::BeginDisabled(i == n - 1);
        if (ImGui::ArrowButton("down", ImGuiDir_Down)) move_from = i, move_to = i + 1;
        ImGui::EndDisabled();
        disabledReason(i == n - 1, "Already the last source.");
        ImGui::SameLine(0, 2);
        ImGui::BeginDisabled(n <= 1);
        if (ImGui::Button("x")) remove = i;
        ImGui::EndDisabled();
        disabledReason(n <= 1, "A list keeps at least one source: add another before removing this one.");
        ImGui::PopID();
    }
    ImGui::EndTable();
    if (move_from >= 0) moveSeed(list, move_from, move_to);
    if (remove >= 0) removeSeed(list, remove);
}

// Add: a seed or a SPEC, committed like the SPEC field or by the button.
void drawAddField(SeedList& list) {
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x - ImGui::CalcTextSize("Add").x -
                            ImGui::GetStyle().FramePadding.x * 2 - ImGui::GetStyle().ItemSpacing.x);
    ImGui::InputTextWithHint("##add", "add seeds (SPEC)", &list.add_text);
    const bool commit = committed();
    ImGui::SameLine();
    const bool full = static_cast<int>(list.items.size()) >= SourcesState::kMaxSources;
    ImGui::BeginDisabled(list.add_text.empty() || full);
    const bool add = ImGui::Button("Add");
    ImGui::EndDisabled();
    disabledReason(full, "This list is full (16 sources at most): remove one to add another.") ||
        disabledReason(list.add_text.empty(), "Type seeds to add first, e.g. 12 or 3,5-7.");
    if (commit || add) commitAdd(list);
    wrappedText(list.add_error, kErrorColor);
}

void drawSeedList(const char* id, const char* title, SeedList& list, std::mt19937_64& rng, int c_dim) {
    ImGui::PushID(id);
    drawSpecField(title, list, rng);
    drawSeedTable(list, c_dim);
    wrappedText(list.class_error, kErrorColor);
    drawAddField(list);
    ImGui::PopID();
}

// What the last model switch changed, until dismissed.
void drawNotice(std::string& notice) {
    if (notice.empty()) return;
    wrappedText(notice, kNoticeColor);
    if (ImGui::SmallButton("OK##notice")) notice.clear();
    ImGui::Spacing();
}

// Translate x/y and rotate the input of every tile (StyleGAN3), with a reset.
void drawTransformControl(InputTransform& t) {
    ImGui::Spacing();
    ImGui::TextUnformatted("Input transform");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("Moves and turns the Fourier-feature input of every tile, as NVIDIA's visualizer\n"
                          "does: an equivariant model moves the picture with it. Recorded in recipes.");
    const float width = ImGui::GetContentRegionAvail().x * 0.6f;
    const double t_min = -2.0, t_max = 2.0, r_min = -180.0, r_max = 180.0;
    ImGui::SetNextItemWidth(width);
    ImGui::SliderScalar("translate x", ImGuiDataType_Double, &t.translate_x, &t_min, &t_max, "%.3f");
    ImGui::SetNextItemWidth(width);
    ImGui::SliderScalar("translate y", ImGuiDataType_Double, &t.translate_y, &t_min, &t_max, "%.3f");
    ImGui::SetNextItemWidth(width);
    ImGui::SliderScalar("rotate \xC2\xB0", ImGuiDataType_Double, &t.rotate_deg, &r_min, &r_max, "%.1f");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Degrees; Ctrl+click a slider to type any value");
    t.translate_x = std::clamp(t.translate_x, -kMaxTranslate, kMaxTranslate);
    t.translate_y = std::clamp(t.translate_y, -kMaxTranslate, kMaxTranslate);
    t.rotate_deg = std::clamp(t.rotate_deg, -kMaxRotateDeg, kMaxRotateDeg);
    ImGui::BeginDisabled(t == InputTransform{});
    if (ImGui::Button("Reset transform")) t = InputTransform{};
    ImGui::EndDisabled();
    disabledReason(t == InputTransform{}, "The transform is already the identity (the model's own stored pose).");
}

}  // namespace

OptionalTransform requestTransform(const SourcesState& state, const ModelFacts& facts) {
    if (!facts.has_input_transform || state.transform == InputTransform{}) return std::nullopt;
    return state.transform;
}

void drawSourcesPanel(SourcesState& state, const ModelFacts* facts) {
    ImGui::PushID("sources");
    const int c_dim = facts ? facts->c_dim : 0;
    const int num_ws = facts ? facts->num_ws : 0;
    drawNotice(state.notice);
    drawSeedList("rows", "Rows (A)", state.rows, state.rng, c_dim);
    ImGui::Spacing();
    drawSeedList("cols", "Columns (B, give the styles)", state.cols, state.rng, c_dim);
    ImGui::Spacing();

    // Truncation: psi in steps of 0.01 so recipes hold short decimals.
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.6f);
    const double psi_min = -1.0, psi_max = 2.0;
    if (ImGui::SliderScalar("truncation \xCF\x88", ImGuiDataType_Double, &state.psi, &psi_min, &psi_max, "%.2f"))
        state.psi = std::round(state.psi * 100.0) / 100.0;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("1 = no truncation; smaller pulls every w toward the average face");
    ImGui::BeginDisabled(num_ws == 0);
    ImGui::Checkbox("cutoff", &state.use_cutoff);
    disabledReason(num_ws == 0, "Load a model first: the cutoff counts its ws.");
    ImGui::SameLine();
    ImGui::BeginDisabled(!state.use_cutoff);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x);
    if (ImGui::SliderInt("##cutoff", &state.cutoff, 1, std::max(num_ws, 1), "first %d ws"))
        state.cutoff = std::clamp(state.cutoff, 1, std::max(num_ws, 1));
    ImGui::EndDisabled();
    disabledReason(num_ws > 0 && !state.use_cutoff,
                   "Tick 'cutoff' to truncate only the first N ws (StyleGAN's truncation cutoff); "
                   "off, psi applies to every ws.");
    ImGui::EndDisabled();
    if (facts && facts->has_input_transform) drawTransformControl(state.transform);
    ImGui::PopID();
}

}  // namespace stylemix::gui
