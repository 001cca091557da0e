package selab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Assumptions;

/** The peer builds the same network as selab: its parameter count equals a hand count of ResNet-20. */
@Tag("python")
class PythonPeerParamCountTest {

    private static PythonPeer peer;

    @BeforeAll
    static void requireTorch() {
        peer = PythonPeer.fromEnvironment();
        PythonPeer.Attempt<String> probe = peer.probe();
        Assumptions.assumeTrue(probe.availability().isAvailable(),
                "python peer unavailable: " + probe.availability().reason());
    }

    /*
     * ResNet-20, 1 input channel, 10 classes, width 1 (n = 3 units per stage, channels 16/32/64).
     * conv k x k: k*k*Cin*Cout (no bias); BN: 2*C (gamma, beta; running stats are buffers).
     *
     * stem:    conv 9*1*16 = 144, BN 2*16 = 32                                         ->     176
     * stage 2: 3 identity units, each 2 convs 9*16*16 = 2304 and 2 BN 32:
     *          3 * (2*2304 + 2*32) = 3 * 4672                                          ->  14,016
     * stage 3: unit 1: conv 9*16*32 = 4608, conv 9*32*32 = 9216, 2 BN 2*64 = 128,
     *                  projection 1x1 16*32 = 512 + BN 64            = 14,528
     *          units 2,3: 2 * (2*9216 + 128) = 2 * 18,560            = 37,120          ->  51,648
     * stage 4: unit 1: conv 9*32*64 = 18,432, conv 9*64*64 = 36,864, 2 BN 256,
     *                  projection 32*64 = 2048 + BN 128              = 57,728
     *          units 2,3: 2 * (2*36,864 + 256) = 2 * 73,984          = 147,968         -> 205,696
     * head:    FC 64*10 + bias 10                                                      ->     650
     * total:   176 + 14,016 + 51,648 + 205,696 + 650                                   = 272,186
     */
    private static final long RESNET20_PARAMS = 272_186L;

    /*
     * SE with r = 16 adds two bias-free FCs per unit: C*(C/16) + (C/16)*C = 2*C*max(1, C/16).
     * 3 units per stage: 2 * 3 * (16*1 + 32*2 + 64*4) = 6 * 336 = 2016.
     */
    private static final long SE_R16_EXTRA = 2_016L;

    private static PeerRequest resnet20() {
        return PeerRequest.defaults().withSe(false, 16);
    }

    @Test
    void plainResNet20MatchesHandCount() {
        PythonPeer.Attempt<Long> n = peer.countParams(resnet20());
        assertTrue(n.result().isPresent(), n.availability().reason());
        assertEquals(RESNET20_PARAMS, n.result().get());
    }

    @Test
    void seResNet20AddsTwoFcsPerUnit() {
        PythonPeer.Attempt<Long> n = peer.countParams(resnet20().withSe(true, 16));
        assertTrue(n.result().isPresent(), n.availability().reason());
        assertEquals(RESNET20_PARAMS + SE_R16_EXTRA, n.result().get());
    }
}
