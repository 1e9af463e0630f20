// Generated from sentencepiece v0.1.97 src/unicode_script_map.h (Copyright 2016 Google Inc.,
// Apache License 2.0), the script table spm_train 0.1.97 checks pieces against. Do not edit by hand.
// Code points not listed are Common (unicode_script.cc's default), so Common ranges are left out.

/** The script names of spm 0.1.97's table (its ScriptType enum without the U_ prefix), except Common. */
export const sentencePieceScriptNames = [
  'Adlam', 'Ahom', 'Arabic', 'Armenian', 'Avestan', 'Balinese', 'Bamum', 'Bassa_Vah', 'Batak', 'Bengali', 'Bhaiksuki', 'Bopomofo', 'Brahmi',
  'Braille', 'Buginese', 'Buhid', 'Canadian_Aboriginal', 'Carian', 'Caucasian_Albanian', 'Chakma', 'Cham', 'Cherokee', 'Coptic', 'Cuneiform',
  'Cypriot', 'Cyrillic', 'Deseret', 'Devanagari', 'Duployan', 'Elbasan', 'Ethiopic', 'Georgian', 'Glagolitic', 'Gothic', 'Grantha', 'Greek',
  'Gujarati', 'Gurmukhi', 'Han', 'Hangul', 'Hanunoo', 'Hatran', 'Hebrew', 'Hiragana', 'Imperial_Aramaic', 'Inherited', 'Javanese', 'Kaithi',
  'Kannada', 'Katakana', 'Kayah_Li', 'Kharoshthi', 'Khmer', 'Khojki', 'Khudawadi', 'Lao', 'Latin', 'Lepcha', 'Limbu', 'Linear_A', 'Linear_B', 'Lisu',
  'Lycian', 'Lydian', 'Mahajani', 'Malayalam', 'Mandaic', 'Manichaean', 'Marchen', 'Meetei_Mayek', 'Mende_Kikakui', 'Meroitic_Cursive', 'Miao',
  'Modi', 'Mongolian', 'Mro', 'Multani', 'Myanmar', 'Nabataean', 'New_Tai_Lue', 'Newa', 'Nko', 'Ogham', 'Ol_Chiki', 'Old_Hungarian', 'Old_Italic',
  'Old_North_Arabian', 'Old_Permic', 'Old_Persian', 'Old_South_Arabian', 'Old_Turkic', 'Oriya', 'Osage', 'Osmanya', 'Pahawh_Hmong', 'Palmyrene',
  'Pau_Cin_Hau', 'Phags_Pa', 'Phoenician', 'Psalter_Pahlavi', 'Rejang', 'Runic', 'Samaritan', 'Saurashtra', 'Sharada', 'Shavian', 'Siddham',
  'SignWriting', 'Sinhala', 'Sora_Sompeng', 'Sundanese', 'Syloti_Nagri', 'Syriac', 'Tagalog', 'Tagbanwa', 'Tai_Le', 'Tai_Tham', 'Tai_Viet', 'Takri',
  'Tamil', 'Tangut', 'Telugu', 'Thaana', 'Thai', 'Tibetan', 'Tifinagh', 'Tirhuta', 'Ugaritic', 'Vai', 'Warang_Citi', 'Yi',
] as const;

/**
 * The ranges of code points with a script other than Common, in order: each entry is
 * `gap,length,script` in base 36, where the range starts `gap` code points after the previous
 * range's last one, covers `length + 1` code points and has script `sentencePieceScriptNames[script]`.
 */
export const sentencePieceScriptRanges =
  '1t,p,1k;6,p,1k;1b,0,1k;f,0,1k;5,m,1k;1,u,1k;1,cg,1k;13,4,1k;5,1,b;k,33,19;0,3,z;1,2,z;2,3,z;1,0,z;4,0,z;1,0,z;1,2,z;1,0,z;1,j,z;1,1q,z;0,d,m;0,f,z;' +
  '0,3o,p;0,1,19;0,4o,p;1,11,3;2,6,3;1,12,3;2,0,3;2,2,3;1,1i,16;8,q,16;5,4,16;b,4,2;1,5,2;1,d,2;3,0,2;1,v,2;1,9,2;0,a,19;0,p,2;0,0,19;0,2z,2;1,x,2;' +
  '0,d,34;1,1n,34;2,2,34;0,1b,2;0,1d,3e;e,1m,29;5,19,2u;2,e,2u;1,r,1u;2,0,1u;1t,k,2;1,7,2;m,d,2;1,s,2;0,28,r;0,1,19;0,g,r;2,p,r;0,3,9;1,7,9;2,1,9;2,l,9;' +
  '1,6,9;1,0,9;3,3,9;2,8,9;2,1,9;2,3,9;8,0,9;4,1,9;1,4,9;2,l,9;5,2,11;1,5,11;4,1,11;2,l,11;1,6,11;1,1,11;1,1,11;1,1,11;2,0,11;1,4,11;4,1,11;2,2,11;' +
  '3,0,11;7,3,11;1,0,11;7,f,11;b,2,10;1,8,10;1,2,10;1,l,10;1,6,10;1,1,10;1,4,10;2,9,10;1,2,10;1,2,10;2,0,10;f,3,10;2,b,10;7,0,10;7,2,2j;1,7,2j;2,1,2j;' +
  '2,l,2j;1,6,2j;1,1,2j;1,4,2j;2,8,2j;2,1,2j;2,2,2j;8,1,2j;4,1,2j;1,4,2j;2,h,2j;a,1,3b;1,5,3b;3,2,3b;1,3,3b;3,1,3b;1,0,3b;1,1,3b;3,1,3b;3,2,3b;3,b,3b;' +
  '4,4,3b;3,2,3b;1,3,3b;2,0,3b;6,0,3b;e,k,3b;5,3,3d;1,7,3d;1,2,3d;1,m,3d;1,f,3d;3,7,3d;1,2,3d;1,3,3d;7,1,3d;1,2,3d;5,3,3d;2,9,3d;8,7,3d;0,3,1c;1,7,1c;' +
  '1,2,1c;1,m,1c;1,9,1c;1,4,1c;2,8,1c;1,2,1c;1,3,1c;7,1,1c;7,0,1c;1,3,1c;2,9,1c;1,1,1c;e,2,1t;1,7,1t;1,2,1t;1,14,1t;2,7,1t;1,2,1t;1,5,1t;4,f,1t;2,p,1t;' +
  '2,1,30;1,h,30;3,n,30;1,8,30;1,0,30;2,6,30;3,0,30;4,5,30;1,0,30;1,7,30;6,9,30;2,2,30;c,1l,3f;5,r,3f;11,1,1j;1,0,1j;2,1,1j;1,0,1j;2,0,1j;6,3,1j;1,6,1j;' +
  '1,2,1j;1,0,1j;1,0,1j;2,1,1j;1,c,1j;1,2,1j;2,4,1j;1,0,1j;1,5,1j;2,9,1j;2,3,1j;w,1z,3g;1,z,3g;4,12,3g;1,z,3g;1,e,3g;1,6,3g;4,1,3g;11,4f,25;0,11,v;1,0,v;' +
  '5,0,v;2,16,v;1,3,v;0,73,13;0,20,u;1,3,u;2,6,u;1,0,u;1,3,u;2,14,u;1,3,u;2,w,u;1,3,u;2,6,u;1,0,u;1,3,u;2,e,u;1,1k,u;1,3,u;2,1u,u;2,v,u;3,p,u;6,2d,l;' +
  '2,5,l;2,hr,g;0,s,2a;3,22,2t;3,a,2t;7,c,35;1,6,35;b,k,14;b,j,f;c,c,36;1,2,36;1,1,36;c,2l,1g;2,9,1g;6,9,1g;6,1,22;2,0,22;1,8,22;1,9,22;6,2f,22;8,16,22;' +
  '5,1x,g;a,u,1m;1,b,1m;4,b,1m;4,0,1m;3,b,1m;0,t,37;2,4,37;b,17,27;4,p,27;6,a,27;3,1,27;0,v,1g;0,r,e;2,1,e;0,1q,38;1,s,38;2,a,38;6,9,38;6,d,38;2,e,19;' +
  '1t,23,5;4,18,5;3,1r,32;0,1f,8;8,3,8;0,1j,1l;3,e,1l;3,2,1l;0,1b,2b;0,8,p;1j,7,32;8,2,19;1,c,19;1,6,19;4,0,19;6,0,19;3,1,19;6,11,1k;0,4,z;0,0,p;0,1c,1k;' +
  '0,4,z;0,3,1k;0,4,z;0,c,1k;0,0,p;0,1x,1k;0,0,z;0,1h,19;5,4,19;0,73,1k;0,l,z;2,5,z;2,11,z;2,5,z;2,7,z;1,0,z;1,0,z;1,0,z;1,u,z;2,1g,z;1,e,z;1,d,z;2,5,z;' +
  '1,i,z;2,2,z;1,8,z;d,1,19;2r,0,1k;d,0,1k;g,c,1k;1f,w,19;1h,0,z;3,1,1k;6,0,1k;r,0,1k;h,14,1k;19z,73,d;lc,1a,w;1,1a,w;1,v,1k;0,37,m;5,6,m;0,11,v;1,0,v;' +
  '5,0,v;2,1j,3h;7,1,3h;e,0,3h;0,m,u;9,6,u;1,6,u;1,6,u;1,6,u;1,6,u;1,6,u;1,6,u;1,6,u;1,v,p;3k,p,12;1,2g,12;c,5x,12;1b,0,12;1,0,12;p,8,12;0,3,19;0,1,13;' +
  '8,3,12;5,2d,17;2,1,19;2,2,17;1,2h,1d;2,2,1d;5,14,b;3,2l,13;h,q,b;1h,f,1d;0,u,13;1t,u,13;29,1a,1d;1,2f,1d;4o,52t,12;22,g5x,12;16,wc,3m;3,1i,3m;9,1b,1p;' +
  '0,8b,3k;k,2n,p;0,2f,6;16,2t,1k;3,z,1k;1,7,1k;1r,8,1k;0,17,33;k,1j,2p;8,1x,2v;8,b,2v;6,t,r;2,19,1e;1,0,1e;0,z,2s;b,0,2s;0,s,13;3,25,1a;2,9,1a;4,1,1a;' +
  '0,u,25;1,1i,k;9,d,k;2,9,k;2,3,k;0,v,25;0,1u,39;o,4,39;0,m,1x;a,5,u;2,5,u;2,5,u;9,6,u;1,6,u;1,16,1k;1,8,1k;0,0,z;a,27,l;0,19,1x;2,9,1x;6,8mb,13;c,m,13;' +
  '4,1c,13;6is,a5,12;2,2x,12;12,6,1k;c,4,3;5,p,16;1,4,16;1,0,16;1,1,16;1,1,16;1,9,16;0,35,2;h,a2,2;i,1r,2;2,1h,2;14,d,2;2,f,19;g,d,19;0,1,p;1s,4,2;' +
  '1,3q,2;10,p,1k;6,p,1k;b,9,1d;1,18,1d;2,u,13;3,5,13;2,5,13;2,5,13;2,2,13;z,b,1o;1,p,1o;1,i,1o;1,1,1o;1,e,1o;2,d,1o;y,3e,1o;1x,26,z;h,0,z;2k,0,19;' +
  '3m,s,1q;3,1c,h;f,0,19;v,z,2d;c,q,x;5,16,2f;5,t,3j;1,0,3j;0,z,2g;4,d,2g;16,27,q;0,1b,2x;0,t,2l;2,9,2l;6,z,2k;4,z,2k;4,13,t;8,1f,i;b,0,i;40,8m,1n;' +
  '9,l,1n;a,7,1n;48,5,o;2,0,o;1,17,o;1,1,o;3,0,o;2,0,o;0,l,18;1,8,18;0,v,2n;0,u,26;8,8,26;1c,i,15;1,1,15;5,4,15;0,r,2q;3,0,2q;0,p,1r;5,0,1r;2o,n,1z;' +
  '4,j,1z;2,19,1z;0,3,1f;1,1,1f;5,7,1f;1,2,1f;1,q,1f;4,2,1f;4,8,1f;8,8,1f;7,v,2h;0,v,2e;w,12,1v;4,b,1v;9,1h,4;3,6,4;1s,h,2r;7,3,2r;c,6,2r;28,20,2i;' +
  '1j,1e,2c;d,1e,2c;7,5,2c;9s,u,2;ap,25,c;4,t,c;f,0,c;0,1t,1b;e,o,31;7,9,31;6,1g,j;1,d,j;c,12,1s;9,25,2w;2,f,2w;1,j,30;b,h,1h;1,17,1h;1t,6,24;1,0,24;' +
  '1,3,24;1,e,24;1,a,24;6,1m,1i;5,9,1i;6,3,y;1,7,y;2,1,y;2,l,y;1,6,y;1,1,y;1,4,y;2,8,y;2,1,y;2,2,y;2,0,y;6,0,y;5,6,y;2,6,y;3,4,y;3v,2h,28;1,0,28;1,0,28;' +
  'y,1z,3i;8,9,3i;4m,1h,2y;2,11,2y;y,1w,21;b,9,21;6,c,22;j,1j,3a;8,9,3a;1i,p,1;3,e,1;4,f,1;9s,2a,3l;c,0,3l;cg,1k,2o;7b,8,a;1,18,a;1,d,a;a,s,a;3,v,1w;' +
  '2,l,1w;1,d,1w;nd,pl,n;2u,32,n;1,4,n;b,5f,n;d6k,fs,6;7,u,23;1,9,23;4,1,23;2o,t,7;2,5,7;a,1x,2m;a,9,2m;1,6,2m;1,k,2m;5,i,2m;og,1w,20;b,1a,20;g,g,20;' +
  '1s,0,3c;v,4q4,3c;j,ky,3c;7bh,0,1d;0,0,17;2da,2y,s;5,c,s;3,8,s;7,9,s;2,3,s;43r,2,19;h,7,19;2,6,19;u,3,19;2a,1x,z;14q,i3,2z;f,4,2z;1,e,2z;11s,6,w;1,g,w;' +
  '2,6,w;1,1,w;1,4,w;1jp,5g,1y;2,f,1y;15,22,0;5,9,0;4,1,0;ww,3,2;1,q,2;1,1,2;1,0,2;2,0,2;1,9,2;1,3,2;1,0,2;1,0,2;6,0,2;4,0,2;1,0,2;1,0,2;1,2,2;1,1,2;' +
  '1,0,2;2,0,2;1,0,2;1,0,2;1,0,2;1,0,2;1,1,2;1,0,2;2,3,2;1,6,2;1,3,2;1,3,2;1,0,2;1,9,2;1,g,2;5,2,2;1,4,2;1,g,2;1g,1,2;lq,0,17;2rj,wye,12;15,378,12;' +
  'b,65,12;2,4g1,12;866,f1,12;fhlu,6n,19';
