"""Solutions to notebook 00's exercises."""

SOLUTIONS = {
    "00.1": 8,  # 2 choices per block, 3 blocks: 2**3
}
