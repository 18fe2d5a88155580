#include "gui/views/influence/influence_spec_builder.h"

#include "model/core/influence_request.h"

namespace stylemix::gui {

std::optional<InfluenceSpec> buildInfluenceSpec(const InfluenceViewState& state, const LabSelection& selection,
                                                const MixRequest& grid, const ModelDescription& model) {
    if (selection.kind != LabSelection::Kind::Cell || selection.row < 0 || selection.col < 0 ||
        selection.row >= static_cast<int>(grid.rows.size()) || selection.col >= static_cast<int>(grid.cols.size()))
        return std::nullopt;
    const Source& a = grid.rows[selection.row];
    const Source& b = grid.cols[selection.col];
    InfluenceSpec spec = state.bands ? bandInfluenceSpec(a, b, model) : InfluenceSpec{};
    spec.a = a;
    spec.b = b;
    spec.bands.insert(spec.bands.begin(), grid.stylesForRow(static_cast<std::size_t>(selection.row)));
    spec.band_labels.insert(spec.band_labels.begin(), kCellBandLabel);
    spec.truncation = grid.truncation;
    spec.noise = grid.noise;
    spec.transform = grid.transform;
    spec.threshold = state.threshold;
    return spec;
}

}  // namespace stylemix::gui
