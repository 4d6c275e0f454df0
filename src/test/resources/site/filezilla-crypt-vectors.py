#!/usr/bin/env python3
# Makes the FileZilla master-password test vectors of FileZillaCryptTest and filezilla-passwords.xml with
# an independent implementation (Python "cryptography", Debian python3-cryptography). Run: python3 THIS
# Independent FileZilla-format vectors (Python 'cryptography'), following libfilezilla's encryption.cpp.
import hashlib, base64
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives import serialization as s

def clamp(k):
    k=bytearray(k); k[0]&=248; k[31]&=127; k[31]|=64; return bytes(k)
def pub_of(k):
    return X25519PrivateKey.from_private_bytes(k).public_key().public_bytes(s.Encoding.Raw, s.PublicFormat.Raw)
def keypair(master, salt):
    k=clamp(hashlib.pbkdf2_hmac('sha256', master.encode(), salt, 100000, 32))
    return k, pub_of(k)
def h(es, n, sec, ek, pk, ps):
    return hashlib.sha256(es+bytes([n])+sec+ek+pk+ps).digest()
def enc(pw, pk, ps, eph_seed, gcm=True):
    ek_priv=clamp(hashlib.sha256(eph_seed).digest()); ek=pub_of(ek_priv); es=hashlib.sha256(b'salt'+eph_seed).digest()
    from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PublicKey
    sec=X25519PrivateKey.from_private_bytes(ek_priv).exchange(X25519PublicKey.from_public_bytes(pk))
    key=h(es,0,sec,ek,pk,ps)
    plain=pw.encode(); plain+=b'\0'*max(0,16-len(plain))
    if gcm:
        body=AESGCM(key).encrypt(h(es,2,sec,ek,pk,ps)[:12], plain, None)
    else:
        e=Cipher(algorithms.AES(key), modes.CTR(h(es,1,sec,ek,pk,ps)[:16])).encryptor(); body=e.update(plain)+e.finalize()
    return base64.b64encode(ek+es+body).decode()
salt=bytes(range(32))
k,p=keypair("zilla master ü", salt)
print("PUBKEY", base64.b64encode(p+salt).decode())
print("GCM", enc("s3cret-pa55", p, salt, b'one'))
print("CTR", enc("s3cret-pa55", p, salt, b'two', gcm=False))
print("LONG", enc("a longer pässword, over sixteen bytes", p, salt, b'three'))
salt2=bytes(range(32,64)); k2,p2=keypair("another master", salt2)
print("OTHERPUB", base64.b64encode(p2+salt2).decode())
print("OTHER", enc("s3cret-pa55", p2, salt2, b'four'))
