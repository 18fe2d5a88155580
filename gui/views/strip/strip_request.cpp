#include "gui/views/strip/strip_request.h"

#include "gui/widgets/labels.h"
#include "model/io/w_file.h"

#include <algorithm>
#include <cstdio>

namespace stylemix::gui {
namespace {

const char* sideName(SourceSide side) { return side == SourceSide::Rows ? "A" : "B"; }

// Why `s` has no single latent z (empty: it has one).
std::string noSingleZ(const char* which, const Source& s) {
    switch (s.kind) {
    case Source::Kind::Seed: return {};
    case Source::Kind::Position: {
        const std::vector<WeightedSeed> seeds = positionSeeds(s.x, s.y);
        if (seeds.size() == 1 && seeds[0].weight == 1.0) return {};
        return std::string(which) + " (" + s.label() + ") lies between seeds, a blend of " +
               std::to_string(seeds.size()) + " latents";
    }
    case Source::Kind::Ws: return std::string(which) + " (" + s.label() + ") is a W array, which has no z";
    }
    return {};
}

}  // namespace

const Source* stripEndSource(const StripEnd& end, const MixRequest& grid) {
    const std::vector<Source>& list = end.side == SourceSide::Rows ? grid.rows : grid.cols;
    return end.index >= 0 && end.index < static_cast<int>(list.size()) ? &list[end.index] : nullptr;
}

std::string stripEndLabel(const StripEnd& end, const MixRequest& grid) {
    if (const Source* s = stripEndSource(end, grid)) return sourceLabel(sideName(end.side), *s);
    return std::string(sideName(end.side)) + " " + std::to_string(end.index) + " (gone)";
}

std::vector<StripEnd> stripEndChoices(const MixRequest& grid) {
    std::vector<StripEnd> out;
    for (int r = 0; r < static_cast<int>(grid.rows.size()); ++r) out.push_back({SourceSide::Rows, r});
    for (int c = 0; c < static_cast<int>(grid.cols.size()); ++c) out.push_back({SourceSide::Cols, c});
    return out;
}

std::string stripZBlocked(const Source& from, const Source& to) {
    std::string why = noSingleZ("From", from);
    const std::string to_why = noSingleZ("To", to);
    if (!to_why.empty()) why += (why.empty() ? "" : "; ") + to_why;
    if (why.empty()) return {};
    return "Interpolating in z needs a single latent z at both ends: seeds, or positions on whole numbers. " + why +
           ". Interpolate in w, or pick a seed.";
}

InterpolationSpace stripSpace(const StripState& state, const Source& from, const Source& to) {
    return stripZBlocked(from, to).empty() ? state.space : InterpolationSpace::W;
}

std::optional<InterpolationRequest> buildInterpolationRequest(const StripState& state, const MixRequest& grid) {
    const Source* from = stripEndSource(state.from, grid);
    const Source* to = stripEndSource(state.to, grid);
    if (!state.open || !from || !to) return std::nullopt;
    InterpolationRequest r;
    r.from = *from;
    r.to = *to;
    r.steps = std::clamp(state.steps, StripState::kMinSteps, StripState::kMaxSteps);
    r.space = stripSpace(state, *from, *to);
    r.truncation = grid.truncation;
    r.noise = grid.noise;
    r.transform = grid.transform;
    return r;
}

double stripFrameT(int frame, int steps) { return steps > 1 ? static_cast<double>(frame) / (steps - 1) : 0.0; }

Source stripFrameSource(const InterpolationRequest& request, const InterpolationResult& result, int frame) {
    const WArray& w = *result.ws.at(static_cast<std::size_t>(frame));
    char t[24];
    std::snprintf(t, sizeof t, "@%.3g", stripFrameT(frame, static_cast<int>(result.ws.size())));
    const std::string name = sourceShortText(request.from) + ">" + sourceShortText(request.to) + t;
    return Source::ws(makeWArray(name, w.num_ws, w.w_dim, w.values));
}

std::string addStripFrameSource(SourcesState& sources, SourceSide side, const InterpolationRequest& request,
                                const InterpolationResult& result, int frame) {
    if (frame < 0 || frame >= static_cast<int>(result.ws.size()) || !result.ws[frame]) return "that frame is gone";
    SeedList& list = sources.list(side);
    if (list.items.size() >= static_cast<std::size_t>(SourcesState::kMaxSources))
        return std::string("at most ") + std::to_string(SourcesState::kMaxSources) + " sources per list: remove a " +
               (side == SourceSide::Rows ? "row" : "column") + " first";
    list.items.push_back(stripFrameSource(request, result, frame));
    list.syncSpec();
    list.error.clear();
    return {};
}

void startStripFrameWsExport(ExportState& state, const std::string& path, const InterpolationRequest& request,
                             const InterpolationResult& result, int frame) {
    const Source source = stripFrameSource(request, result, frame);
    queueExportJob(state, path, "saving", [path, array = source.ws_array] { writeWsNpz(path, {array}); });
}

}  // namespace stylemix::gui
