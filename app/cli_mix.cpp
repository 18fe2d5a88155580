// stylemix mix: style_mixing.py — the paper's Fig. 3 grid and its cells.
#include "app/cli_common.h"

#include "model/core/figures.h"

#include <iostream>
#include <sstream>

namespace stylemix::cli {

Runner addMixCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("mix", "Style-mixing grid (like stylegan2-ada-pytorch's style_mixing.py)");
    struct Options {
        ModelOptions model;
        RenderOptions render;
        std::string rows, cols, styles = "0-6", row_styles, outdir;
        bool labels = false;
    };
    auto o = std::make_shared<Options>();
    o->model.add(*cmd);
    o->render.add(*cmd);
    cmd->add_option("--rows", o->rows, "Row seeds (source A, down the left)")->required();
    cmd->add_option("--cols", o->cols, "Column seeds (source B, across the top)")->required();
    cmd->add_option("--styles", o->styles, "ws indices each cell takes from its column source")->capture_default_str();
    cmd->add_option("--row-styles", o->row_styles,
                    "Per-row ws indices, one SPEC per row separated by ';' (e.g. the paper's '0-3;0-3;0-3;4-7;4-7;8-9')");
    cmd->add_flag("--labels", o->labels, "Add seed and style labels in margins around the grid");
    cmd->add_option("--outdir", o->outdir, "Output directory")->required();
    return [o] {
        MixRequest req;
        req.rows = sourcesFromSpec(o->rows, "--rows", o->render.class_index);
        req.cols = sourcesFromSpec(o->cols, "--cols", o->render.class_index);
        req.truncation = o->render.truncation();
        req.transform = o->render.transform();
        auto engine = o->model.load();
        const int num_ws = engine->facts().num_ws;
        req.styles = stylesFromSpec(o->styles, "--styles", num_ws);
        if (!o->row_styles.empty()) {
            std::stringstream in(o->row_styles);
            std::string item;
            while (std::getline(in, item, ';')) req.row_styles.push_back(stylesFromSpec(item, "--row-styles", num_ws));
        }
        req.noise = o->render.noise(engine->facts());
        const MixResult result = engine->mix(req);

        std::vector<std::pair<std::string, Image>> files;
        files.emplace_back("grid.png", composeMixGrid(result, req, o->labels));
        // Like style_mixing.py: sources as {s}-{s}.png, cells as {row}-{col}.png (a cell wins a name clash).
        for (size_t r = 0; r < req.rows.size(); ++r)
            files.emplace_back(std::to_string(req.rows[r].seed) + "-" + std::to_string(req.rows[r].seed) + ".png", result.row_images[r]);
        for (size_t c = 0; c < req.cols.size(); ++c)
            files.emplace_back(std::to_string(req.cols[c].seed) + "-" + std::to_string(req.cols[c].seed) + ".png", result.col_images[c]);
        for (size_t r = 0; r < req.rows.size(); ++r)
            for (size_t c = 0; c < req.cols.size(); ++c)
                files.emplace_back(std::to_string(req.rows[r].seed) + "-" + std::to_string(req.cols[c].seed) + ".png", result.cells[r][c]);
        writeOutputs(o->outdir, files);
        const auto& t = result.timings;
        std::cout << o->outdir << "/grid.png (" << req.rows.size() << " x " << req.cols.size() << ", " << t.total_ms
                  << " ms: mapping " << t.mapping_ms << ", sources " << t.sources_ms << ", cells " << t.cells_ms << ")\n";
        return 0;
    };
}

}  // namespace stylemix::cli
