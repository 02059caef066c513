"""Solutions to notebook 04's exercises."""

SOLUTIONS = {
    "04.1": 16 * 16 * 128 * 3 * 3 * 64,  # output 16x16x128 (stride 2), 3x3x64 multiply-adds each: 18,874,368
    # 4th stage of the blog's layout: block 1 = conv 3x3x256x512+512, BN 4x512, conv 3x3x512x512+512, BN 4x512,
    # projection 256x512+512; block 2 = two convs 3x3x512x512+512 and two BNs
    "04.2": (3 * 3 * 256 * 512 + 512)
    + 2048
    + (3 * 3 * 512 * 512 + 512)
    + 2048
    + (256 * 512 + 512)
    + 2 * ((3 * 3 * 512 * 512 + 512) + 2048),  # 8,399,360
    "04.3": 7 + 4 * (3 - 1) * 2,  # stem conv: 7, jump 2; four 3x3 convs add 2 x 2 each: 23
    "04.4": 2 * 432_275_712 * 100 / 1e9,  # 2 FLOPs a multiply-add: 86.46 GFLOP/s
    "04.5": (7, 7, 2048),  # 224 / 32 = 7; 4 x 512 channels
}
