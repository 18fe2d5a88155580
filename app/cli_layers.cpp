// stylemix layers --layer NAME --out FILE.npy: one activation of a source, or
// of its mix with --col's --styles, captured by the engine as the layer view
// captures it, written atomically as float32 [C, H, W].
#include "app/cli_layers.h"

#include "model/io/message_text.h"
#include "model/io/npy_file.h"

#include <iostream>

namespace stylemix::cli {

int runLayers(const LayersOptions& o) {
    if (o.list) return runLayersList(o);
    const ParsedSources parsed = precheckLayers(o);
    auto engine = o.model.load();
    const ModelFacts& facts = engine->facts();
    const ActivationInfo* info = facts.activation(o.layer);
    if (!info)
        throw std::invalid_argument("--layer " + quoteText(o.layer) + ": no such layer in this " + facts.family_label +
                                    " model (it has " + std::to_string(facts.activations.size()) +
                                    " layers; see stylemix layers --list)");
    const int class_index = o.render.classFor(facts);
    LabSubject subject;
    subject.source = oneSource(parsed.first, o.seed, "--seed", facts, class_index);
    if (!o.col.empty()) {
        subject.mix_with = oneSource(parsed.second, o.col, "--col", facts, class_index);
        subject.styles = stylesFromSpec(o.styles, "--styles", facts.num_ws);
    }
    subject.truncation = o.render.truncation();
    subject.transform = o.render.transform();
    const std::vector<float> values = engine->captureActivation(subject, o.render.noise(facts), o.layer);
    const std::vector<std::int64_t> shape = {info->channels, info->height, info->width};
    writeFileAtomic(o.out, serializeNpyFloat32(shape, values));
    std::cout << "wrote " << o.out << " (" << o.layer << ", float32 [" << info->channels << ", " << info->height << ", "
              << info->width << "])\n";
    return 0;
}

}  // namespace stylemix::cli
