"""The seed blog post's code (sections 4 and 6), copied as the post writes it.

The one change: `from tensorflow.keras import ...` became `from keras import ...` (Keras 3).
Tests compare helpers.build_resnet against this, layer for layer.
"""

from keras import Model, layers


def residual_block(x, filters, kernel_size=3, stride=1):
    # 입력 데이터를 저장 (스킵 연결을 위해)
    shortcut = x

    # 첫 번째 변환: Conv2D -> BatchNormalization -> Activation(ReLU)
    x = layers.Conv2D(filters, kernel_size, strides=stride, padding="same", activation="relu")(x)
    x = layers.BatchNormalization()(x)

    # 두 번째 변환: Conv2D -> BatchNormalization
    x = layers.Conv2D(filters, kernel_size, strides=1, padding="same")(x)
    x = layers.BatchNormalization()(x)

    # 스킵 연결 (shortcut과 변환 결과를 더함)
    if stride != 1 or shortcut.shape[-1] != filters:
        # 입력 데이터와 출력 데이터의 크기가 다르면 1x1 Conv2D로 맞춤
        shortcut = layers.Conv2D(filters, kernel_size=1, strides=stride, padding="same")(shortcut)

    x = layers.add([x, shortcut])  # F(X) + X
    x = layers.ReLU()(x)  # 최종 결과를 활성화 함수(ReLU)에 통과시킴
    return x


def build_resnet(input_shape=(128, 128, 1)):
    # 입력 레이어
    inputs = layers.Input(shape=input_shape)

    # 초기 Conv 레이어 (이미지 전처리)
    x = layers.Conv2D(64, kernel_size=7, strides=2, padding="same", activation="relu")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.MaxPooling2D(pool_size=3, strides=2, padding="same")(x)

    # Residual Block 1 (64개의 필터 사용)
    x = residual_block(x, 64)
    x = residual_block(x, 64)

    # Residual Block 2 (128개의 필터 사용, 다운샘플링 적용)
    x = residual_block(x, 128, stride=2)
    x = residual_block(x, 128)

    # Residual Block 3 (256개의 필터 사용, 다운샘플링 적용)
    x = residual_block(x, 256, stride=2)
    x = residual_block(x, 256)

    # Global Average Pooling (특징 압축)
    x = layers.GlobalAveragePooling2D()(x)

    # Fully Connected 레이어 (최종 출력)
    outputs = layers.Dense(1, activation="linear")(x)  # 점수 예측

    # 모델 정의
    model = Model(inputs, outputs)
    return model
