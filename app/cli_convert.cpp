// stylemix convert: any supported weights file (NVIDIA .pkl included) to .safetensors.
#include "app/cli_common.h"

#include "model/io/safetensors.h"
#include "model/io/weights_file.h"
#include "model/nets/family.h"
#include "model/nets/stylegan2/stylegan2_weights.h"

#include <iostream>

namespace stylemix::cli {

Runner addConvertCommand(CLI::App& app) {
    auto* cmd = app.add_subcommand("convert", "Convert a network pickle (or safetensors) to .safetensors with official names");
    auto in = std::make_shared<std::string>();
    auto out = std::make_shared<std::string>();
    cmd->add_option("input", *in, "Input weights (.pkl or .safetensors)")->required();
    cmd->add_option("output", *out, "Output .safetensors")->required();
    return [in, out] {
        checkOutputTarget(*out);
        RawWeights raw = readWeightsFile(*in);
        familyOf(raw).validate(raw);   // refuse to write anything we could not load
        const GeneratorConfig config = configFromRaw(raw);
        if (raw.class_name.empty()) raw.class_name = "training.networks_stylegan2.Generator";
        writeSafetensors(*out, raw, {{"format", "stylegan2"}, {"num_ws", std::to_string(config.numWs())},
                                     {"img_resolution", std::to_string(config.img_resolution)},
                                     {"converted_from", *in}});
        std::cout << "wrote " << *out << " (" << raw.tensors.size() << " tensors, " << config.img_resolution << "x"
                  << config.img_resolution << ", " << config.numWs() << " ws)\n";
        return 0;
    };
}

}  // namespace stylemix::cli
