// Which family takes a file is decided by the families alone (each one's
// claims), with no order: every fixture gets the same family whatever the
// order of the list, a file no family claims and a file two families claim
// are refused naming the file and what it holds. Torch-free.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "model/core/install_paths.h"
#include "model/io/weights_file.h"
#include "model/nets/family_reader.h"

namespace stylemix {
namespace {

namespace fs = std::filesystem;

const fs::path kData = fs::path(STYLEMIX_SOURCE_DIR) / "tests" / "data";

struct Fixture {
    std::string path;
    const char* family;
};

std::vector<Fixture> modelFixtures() {
    return {{defaultModelPath(), "stylegan2"},
            {(kData / "pickle/sg2_tiny_p4.pkl").string(), "stylegan2"},
            {(kData / "pickle/sg2_tiny_p4.safetensors").string(), "stylegan2"},
            {(kData / "pickle/sg2ada_cond_p3_f16.pkl").string(), "stylegan2"},
            {(kData / "pickle/sg2ada_cond_p3_f16.safetensors").string(), "stylegan2"},
            {(kData / "pickle/sg3_tiny.pkl").string(), "stylegan3"},
            {(kData / "sg3/sg3t_16.pkl").string(), "stylegan3"},
            {(kData / "sg3/sg3r_32.pkl").string(), "stylegan3"},
            {(kData / "tf/sg1_64.pkl").string(), "stylegan1"},
            {(kData / "tf/sg1_128_cond.pkl").string(), "stylegan1"},
            {(kData / "tf/sg1_16_float16.pkl").string(), "stylegan1"},
            {(kData / "tf/sg2_32.pkl").string(), "stylegan2"},
            {(kData / "tf/sg2_revised_16.pkl").string(), "stylegan2"}};   // claimed, then refused by its adopt
}

// Every order of the real families' readers.
std::vector<std::vector<FamilyReader>> everyOrder() {
    std::vector<FamilyReader> readers = familyReaders();
    std::sort(readers.begin(), readers.end(), [](const FamilyReader& a, const FamilyReader& b) { return a.name < b.name; });
    std::vector<std::vector<FamilyReader>> orders;
    do orders.push_back(readers);
    while (std::next_permutation(readers.begin(), readers.end(),
                                 [](const FamilyReader& a, const FamilyReader& b) { return a.name < b.name; }));
    return orders;
}

// The family's name, or the error, under one order.
std::string verdict(const RawWeights& raw, const std::vector<FamilyReader>& readers) {
    try {
        return familyReaderOf(raw, readers).name;
    } catch (const std::exception& e) {
        return std::string("error: ") + e.what();
    }
}

TEST(FamilyClaims, EveryFixtureGetsItsFamilyInEveryOrder) {
    const auto orders = everyOrder();
    ASSERT_EQ(orders.size(), 6u);
    for (const Fixture& f : modelFixtures()) {
        SCOPED_TRACE(f.path);
        const RawWeights raw = readWeightsFile(f.path);
        for (const auto& order : orders) EXPECT_EQ(verdict(raw, order), f.family);
    }
}

// Every file under tests/data that reads at all (references and hostile ones
// included) gets one verdict, the family or the error, whatever the order.
TEST(FamilyClaims, EveryReadableDataFileGetsOneVerdictInEveryOrder) {
    const auto orders = everyOrder();
    int files = 0;
    for (const auto& entry : fs::recursive_directory_iterator(kData)) {
        const std::string ext = entry.path().extension().string();
        if (!entry.is_regular_file() || (ext != ".pkl" && ext != ".safetensors")) continue;
        RawWeights raw;
        try {
            raw = readWeightsFile(entry.path().string());
        } catch (const std::exception&) {
            continue;   // refused by model/io: no family is asked
        }
        ++files;
        const std::string first = verdict(raw, orders.front());
        for (const auto& order : orders) EXPECT_EQ(verdict(raw, order), first) << entry.path();
    }
    EXPECT_GT(files, 20);
}

RawWeights synthetic(Container container, const std::string& class_name) {
    RawWeights raw;
    raw.source = "/tmp/some model.pkl";
    raw.container = container;
    raw.class_name = class_name;
    return raw;
}

TEST(FamilyClaims, AFileTwoFamiliesClaimIsRefusedNamingBoth) {
    std::vector<FamilyReader> readers = familyReaders();
    FamilyReader twin = readers[1];   // claims exactly what StyleGAN2 claims
    ASSERT_EQ(twin.name, "stylegan2");
    twin.name = "stylegan2-twin";
    readers.push_back(twin);
    const RawWeights raw = synthetic(Container::Safetensors, "training.networks_stylegan2.Generator");
    const std::string e = verdict(raw, readers);
    EXPECT_EQ(e.rfind("error: /tmp/some model.pkl: ", 0), 0u) << e;
    EXPECT_NE(e.find("claimed by more than one family (stylegan2 and stylegan2-twin)"), std::string::npos) << e;
    EXPECT_NE(e.find("a safetensors file with class_name 'training.networks_stylegan2.Generator'"), std::string::npos) << e;
    // The real families alone: one claimant.
    EXPECT_EQ(verdict(raw, familyReaders()), "stylegan2");
}

TEST(FamilyClaims, AFileNoFamilyClaimsIsRefusedNamingWhatItHolds) {
    const std::pair<RawWeights, const char*> cases[] = {
        {synthetic(Container::PyTorchPickle, "Discriminator"), "a PyTorch network pickle whose network has class 'Discriminator'"},
        {synthetic(Container::TfPickle, "G_paper"), "a TensorFlow-era pickle whose Gs is built by 'G_paper'"},
        {synthetic(Container::Safetensors, "training.networks_stylegan9.Generator"),
         "a safetensors file with class_name 'training.networks_stylegan9.Generator'"},
    };
    for (const auto& [raw, found] : cases) {
        const std::string e = verdict(raw, familyReaders());
        EXPECT_EQ(e.rfind("error: /tmp/some model.pkl: ", 0), 0u) << e;
        EXPECT_NE(e.find(found), std::string::npos) << e;
        EXPECT_NE(e.find("no family takes it; families: stylegan1, stylegan2 and stylegan3"), std::string::npos) << e;
    }
}

// The real families' claims are disjoint on every container and class they know.
TEST(FamilyClaims, RealFamiliesNeverClaimTheSameFile) {
    RawWeights sg3_pickle = synthetic(Container::PyTorchPickle, "Generator");
    sg3_pickle.tensors["synthesis.input.freqs"] = RawTensor{};
    const std::vector<RawWeights> files = {
        synthetic(Container::Safetensors, ""), synthetic(Container::Safetensors, "training.networks.Generator"),
        synthetic(Container::Safetensors, "training.networks_stylegan3.Generator"),
        synthetic(Container::Safetensors, "training.networks_stylegan.G_style"), synthetic(Container::PyTorchPickle, "Generator"),
        synthetic(Container::PyTorchPickle, "training.networks.Generator"), sg3_pickle,
        synthetic(Container::TfPickle, "G_style"), synthetic(Container::TfPickle, "G_main")};
    for (const RawWeights& raw : files) {
        int claimants = 0;
        for (const auto& r : familyReaders()) claimants += r.claims(raw) ? 1 : 0;
        EXPECT_EQ(claimants, 1) << containerName(raw.container) << " " << raw.class_name;
    }
}

}  // namespace
}  // namespace stylemix
