// stylemix convert: any supported weights file (NVIDIA .pkl included) to .safetensors.
#include "app/cli_common.h"

#include "model/io/safetensors.h"
#include "model/io/weights_file.h"
#include "model/nets/family.h"

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
        const GeneratorFamily& family = familyOf(raw);
        family.validate(raw);   // refuse to write anything we could not load
        // Names and layouts are kept as read (StyleGAN1: TF variable names); class_name,
        // init_kwargs and StyleGAN3's module attributes go into the metadata.
        const ModelDescription desc = family.describe(raw);
        if (family.name == "stylegan2" && raw.class_name.empty()) raw.class_name = "training.networks_stylegan2.Generator";
        writeSafetensors(*out, raw, {{"format", family.name}, {"num_ws", std::to_string(desc.num_ws)},
                                     {"img_resolution", std::to_string(desc.img_resolution)},
                                     {"converted_from", *in}});
        std::cout << "wrote " << *out << " (" << desc.family_label << ", " << raw.tensors.size() << " tensors, "
                  << desc.img_resolution << "x" << desc.img_resolution << ", " << desc.num_ws << " ws)\n";
        return 0;
    };
}

}  // namespace stylemix::cli
