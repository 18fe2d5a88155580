// The Sources panel's operations on its state (sources_panel.h), without
// drawing: SPEC parsing, adding W files, moving positions, fitting to a model.
#include "gui/panels/sources_panel.h"

#include "gui/widgets/labels.h"
#include "model/core/seed_spec.h"
#include "model/core/source_list.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <stdexcept>

namespace stylemix::gui {

namespace {

constexpr std::uint64_t kMaxSeed = 4294967295ull;

// The sources of a SPEC for the model `facts` (W files must fit it), without classes.
std::vector<Source> parseSources(const std::string& spec, const ModelFacts* facts) {
    const std::vector<SourceListItem> items = parseSourceList(spec, "sources", SourcesState::kMaxSources);
    const bool has_file = std::any_of(items.begin(), items.end(), [](const SourceListItem& i) { return i.file != nullptr; });
    if (has_file && (!facts || facts->num_ws <= 0))
        throw std::runtime_error("load a model first: a W file's ws must fit the model's");
    std::vector<Source> out = resolveSourceList(items, facts ? facts->num_ws : 0, facts ? facts->w_dim : 0, -1);
    if (out.empty()) throw std::runtime_error("need at least one source");
    return out;
}

std::string tooMany(std::size_t count) {
    return "at most " + std::to_string(SourcesState::kMaxSources) + " sources per list (that makes " +
           std::to_string(count) + ")";
}

// Appends `sources` with the class of the list's last seed or position; the list is unchanged on error.
std::string append(SeedList& list, const std::vector<Source>& sources) {
    if (list.items.size() + sources.size() > static_cast<std::size_t>(SourcesState::kMaxSources))
        return tooMany(list.items.size() + sources.size());
    int cls = -1;
    for (const Source& s : list.items)
        if (s.kind != Source::Kind::Ws) cls = s.class_index;
    for (Source s : sources) {
        if (s.kind != Source::Kind::Ws) s.class_index = cls;
        list.items.push_back(std::move(s));
    }
    list.syncSpec();
    return {};
}

// Float noise of repeated steps (12.26 + 0.01) goes; positions stay exact where they are small.
double tidy(double v) { return std::fabs(v) < 1e6 ? std::round(v * 1e9) / 1e9 : v; }

std::string classRangeText(int c_dim) {
    if (c_dim <= 0) return "this model is unconditional";
    return "this model has " + std::to_string(c_dim) + (c_dim == 1 ? " class (0)" : " classes (0\xE2\x80\x93" +
                                                                           std::to_string(c_dim - 1) + ")");
}

}  // namespace

std::vector<std::uint64_t> SeedList::seeds() const {
    std::vector<std::uint64_t> out;
    for (const Source& s : items) out.push_back(s.isSeed() ? s.seed : 0);
    return out;
}

void SeedList::setSeeds(const std::vector<std::uint64_t>& seeds) {
    items.resize(seeds.size());
    for (std::size_t i = 0; i < seeds.size(); ++i)
        items[i] = Source{seeds[i], items[i].kind == Source::Kind::Ws ? -1 : items[i].class_index};
    syncSpec();
}

void SeedList::syncSpec() {
    spec = specText(items);
    error.clear();
}

SourcesState::SourcesState() {
    rows.setSeeds({85, 100, 75, 458, 1500});
    cols.setSeeds({55, 821, 1789, 293});
}

std::string specText(const std::vector<Source>& sources) {
    std::string out;
    std::vector<std::uint64_t> run;   // consecutive seeds, written as one formatSpec
    const auto add = [&out](const std::string& item) { out += (out.empty() ? "" : ",") + item; };
    const auto flush = [&] {
        if (!run.empty()) add(formatSpec(run));
        run.clear();
    };
    for (const Source& s : sources) {
        if (s.isSeed()) {
            run.push_back(s.seed);
            continue;
        }
        flush();
        add(s.kind == Source::Kind::Position ? sourceShortText(s) : sourceText(s));
    }
    flush();
    return out;
}

std::string setSpec(SeedList& list, const std::string& spec, const ModelFacts* facts) {
    try {
        std::vector<Source> sources = parseSources(spec, facts);
        if (sources.size() > static_cast<std::size_t>(SourcesState::kMaxSources))
            throw std::runtime_error(tooMany(sources.size()));
        for (std::size_t i = 0; i < sources.size() && i < list.items.size(); ++i)   // classes kept by position
            if (sources[i].kind != Source::Kind::Ws && list.items[i].kind != Source::Kind::Ws)
                sources[i].class_index = list.items[i].class_index;
        list.items = std::move(sources);
        list.syncSpec();
    } catch (const std::exception& e) {
        list.spec = spec;   // as typed, for the user to fix
        list.error = e.what();
    }
    return list.error;
}

bool specNeedsModel(const std::string& spec) {
    try {
        const auto items = parseSourceList(spec, "sources", SourcesState::kMaxSources);
        return std::any_of(items.begin(), items.end(), [](const SourceListItem& i) { return i.file != nullptr; });
    } catch (const std::exception&) {
        return false;   // setSpec reports it
    }
}

std::string addSeeds(SeedList& list, const std::string& spec, const ModelFacts* facts) {
    try {
        return append(list, parseSources(spec, facts));
    } catch (const std::exception& e) {
        return e.what();
    }
}

std::string commitAdd(SeedList& list, const ModelFacts* facts) {
    list.add_error = list.add_text.empty() ? std::string() : addSeeds(list, list.add_text, facts);
    if (list.add_error.empty()) list.add_text.clear();
    return list.add_error;
}

std::string addWFile(SeedList& list, const std::string& path, const ModelFacts* facts) {
    try {
        if (!facts || facts->num_ws <= 0) throw std::runtime_error("load a model first: a W file's ws must fit the model's");
        SourceListItem item;
        item.file = std::make_shared<const WFile>(readWFile(path));
        list.add_error = append(list, resolveSourceList({item}, facts->num_ws, facts->w_dim, -1));
    } catch (const std::exception& e) {
        list.add_error = e.what();
    }
    return list.add_error;
}

std::string setClass(SeedList& list, int index, int cls, int c_dim) {
    if (index < 0 || index >= static_cast<int>(list.items.size())) return {};
    if (list.items[index].kind == Source::Kind::Ws) return {};   // a W array has no class
    if (cls < 0 || cls >= c_dim) {
        list.class_error = "Class " + std::to_string(cls) + " refused for " + list.items[index].label() + ": " +
                           classRangeText(c_dim);
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
    for (Source& s : list.items)
        if (s.kind != Source::Kind::Ws) s = Source{dist(rng), s.class_index};
    list.syncSpec();
}

std::optional<std::pair<double, double>> sourcePosition(const Source& s) {
    switch (s.kind) {
    case Source::Kind::Seed: return std::make_pair(static_cast<double>(s.seed), 0.0);
    case Source::Kind::Position: return std::make_pair(s.x, s.y);
    case Source::Kind::Ws: break;
    }
    return std::nullopt;
}

bool moveSourceTo(SeedList& list, int index, double x, double y) {
    if (index < 0 || index >= static_cast<int>(list.items.size())) return false;
    Source& s = list.items[index];
    if (!sourcePosition(s)) return false;
    try {
        s = Source::position(tidy(x), tidy(y), s.class_index);
    } catch (const std::invalid_argument&) {
        return false;   // beyond the plane's range: stays where it was
    }
    list.syncSpec();
    return true;
}

bool nudgeSource(SeedList& list, int index, double dx, double dy) {
    if (index < 0 || index >= static_cast<int>(list.items.size())) return false;
    const auto at = sourcePosition(list.items[index]);
    return at && moveSourceTo(list, index, at->first + dx, at->second + dy);
}

int effectiveClass(const Source& s, int c_dim) {
    if (s.kind == Source::Kind::Ws) return -1;   // a W array is used as it is
    return c_dim > 0 ? std::clamp(s.class_index, 0, c_dim - 1) : -1;
}

namespace {

// Clamps `list`'s classes into the model's range; unset classes become 0
// silently (the panel already showed 0), others with a message each.
void fitClasses(SeedList& list, const char* name, int c_dim, std::vector<std::string>& changes) {
    list.class_error.clear();
    if (c_dim <= 0) return;   // hidden and not sent; kept for the next conditional model
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        Source& s = list.items[i];
        if (s.kind == Source::Kind::Ws) continue;
        const int fitted = effectiveClass(s, c_dim);
        if (s.class_index >= 0 && fitted != s.class_index)
            changes.push_back(std::string(name) + " " + std::to_string(i) + " (" + s.label() + "): class " +
                              std::to_string(s.class_index) + " \xE2\x86\x92 " + std::to_string(fitted) + ", " +
                              classRangeText(c_dim));
        s.class_index = fitted;
    }
}

// W arrays of another shape than the model's ws cannot render on it: removed, each with a message.
void dropMisfitWs(SeedList& list, const char* name, const ModelFacts& facts, std::vector<std::string>& changes) {
    std::vector<Source> kept;
    for (std::size_t i = 0; i < list.items.size(); ++i) {
        const Source& s = list.items[i];
        if (s.kind != Source::Kind::Ws || (s.ws_array->num_ws == facts.num_ws && s.ws_array->w_dim == facts.w_dim)) {
            kept.push_back(s);
            continue;
        }
        changes.push_back(std::string(name) + " " + std::to_string(i) + " (" + sourceShortText(s) + ") removed: its ws are [" +
                          std::to_string(s.ws_array->num_ws) + ", " + std::to_string(s.ws_array->w_dim) +
                          "], this model's [" + std::to_string(facts.num_ws) + ", " + std::to_string(facts.w_dim) + "]");
    }
    if (kept.size() == list.items.size()) return;
    if (kept.empty()) {
        kept.push_back(Source{0});
        changes.back() += "; seed 0 takes its place (a list keeps one source)";
    }
    list.items = std::move(kept);
    list.syncSpec();
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
    if (facts.num_ws > 0) {
        dropMisfitWs(state.rows, "Row", facts, changes);
        dropMisfitWs(state.cols, "Column", facts, changes);
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

}  // namespace stylemix::gui
