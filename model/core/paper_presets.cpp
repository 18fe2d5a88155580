#include "model/core/paper_presets.h"

namespace stylemix {

namespace {

std::vector<int> bandStyles(WsRange band, int num_ws) {
    if (band.empty()) band = {0, num_ws};   // a model too small for the band: the whole w
    std::vector<int> styles;
    for (int i = band.begin; i < band.end; ++i) styles.push_back(i);
    return styles;
}

}  // namespace

MixRequest paperFig3Request(const ModelDescription& model) {
    MixRequest req;
    for (std::uint64_t seed : {888u, 829u, 1898u, 1733u, 1614u, 845u}) req.rows.push_back({seed, -1});
    for (std::uint64_t seed : {639u, 701u, 687u, 615u, 2268u}) req.cols.push_back({seed, -1});
    const WsRange bands[] = {model.coarse, model.coarse, model.coarse, model.middle, model.middle, model.fine};
    for (const WsRange& band : bands) req.row_styles.push_back(bandStyles(band, model.num_ws));
    req.styles = req.row_styles.front();
    req.truncation = Truncation{1.0, -1};
    req.noise = NoiseSpec{};   // const: the model's stored noise buffers
    return req;
}

}  // namespace stylemix
